/**
 * Mantine names each combobox's listbox with the field's own <label> (aria-labelledby), and keeps that
 * listbox mounted. Two elements then answer to one label ("Kind", "Skills"): the input and its list of
 * options, which makes the label ambiguous (`getByLabel('Skills')` in browser tests finds both). This
 * gives listboxes their own name, "Options", so a field's label names exactly one control; the listbox
 * stays tied to its input through `aria-controls`.
 */
const LISTBOX_NAME = 'Options';

function rename(element: Element): void {
  if (element.getAttribute('role') !== 'listbox' || !element.hasAttribute('aria-labelledby')) return;
  element.removeAttribute('aria-labelledby');
  element.setAttribute('aria-label', LISTBOX_NAME);
}

function renameWithin(node: Node): void {
  if (!(node instanceof Element)) return;
  rename(node);
  node.querySelectorAll('[role="listbox"][aria-labelledby]').forEach(rename);
}

/** Watches the document for comboboxes' listboxes and names them; returns a function that stops. */
export function nameComboboxListboxes(root: HTMLElement = document.body): () => void {
  renameWithin(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') rename(record.target as Element);
      else record.addedNodes.forEach(renameWithin);
    }
  });
  observer.observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-labelledby', 'role'],
  });
  return () => observer.disconnect();
}
