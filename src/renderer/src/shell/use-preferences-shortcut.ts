import { useEffect } from 'react';
import { useApp } from '../store/store-context';

/**
 * Ctrl+, (Cmd+, on macOS) opens Settings, the desktop convention. The application menu shows the
 * same shortcut and, when its item is clicked, sends this key press to the window.
 */
export function usePreferencesShortcut(): void {
  const openOverlay = useApp((s) => s.openOverlay);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === ',' && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault();
        openOverlay('settings');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openOverlay]);
}
