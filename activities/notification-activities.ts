import type { Notification, NotificationChannel, NotificationReceipt } from './notifications/channel';

/** Activities that tell people and staff what a journey needs from them, through a channel. */
export function createNotificationActivities(channel: NotificationChannel) {
  return {
    /** Safe to retry: the channel sends each (journey, due point) once. */
    async notify(notification: Notification): Promise<NotificationReceipt> {
      return channel.send(notification);
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
