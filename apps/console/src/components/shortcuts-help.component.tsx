import { useEffect, useRef } from 'react';

export const SHORTCUTS: Array<[string, string]> = [
  ['n', 'take the next work item'],
  ['j / k', 'next / previous of my items'],
  ['r', 'write a reply'],
  ['Ctrl+Enter', 'send the reply'],
  ['p', 'put the item back in its queue'],
  ['?', 'show or hide this help'],
  ['Esc', 'close this help'],
];

/** The `?` help sheet: a modal dialog listing the agent desk's keys. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="help"
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts"
      onClose={onClose}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([key, what]) => (
            <tr key={key}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
