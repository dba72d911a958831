export { messageOwed, type EventTemplate } from './owed';
export { renderMessage, type MessageFormat, type RenderInput, type RenderedMessage } from './render';
export { templateIds, type TemplateId } from './templates';
