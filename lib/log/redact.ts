const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;

/**
 * Error text from other systems can quote personal data (an SMTP server names the rejected
 * recipient). What goes to a log line passes through here first.
 */
export function redactForLog(message: string): string {
  return message.replace(EMAIL, '[e-mail]');
}
