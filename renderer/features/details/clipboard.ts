/**
 * Puts text on the clipboard: the async Clipboard API where the page may use it (a secure context
 * with permission), else a hidden textarea and execCommand('copy') (plain-http serve, older
 * engines). False when neither worked, so the caller can offer the text to copy by hand.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  const clipboard = doc.defaultView?.navigator.clipboard;
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, not focused): fall through to the old way.
    }
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.append(area);
  const active = doc.activeElement as HTMLElement | null;
  area.focus();
  area.select();
  let copied = false;
  try {
    copied = typeof doc.execCommand === 'function' && doc.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  active?.focus();
  return copied;
}
