export { messageOwed, eventTemplates, type EventTemplate, type OwedMessage } from './owed';
export { renderMessage, type MessageFormat, type RenderInput, type RenderedMessage } from './render';
export { templateIds, type TemplateId } from './templates';
export { containsNhsNumber, redactNhsNumbers } from './redact';
export type { MessageForecast } from './context';
