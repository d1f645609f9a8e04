/** A set of listeners for one kind of event; one listener throwing never stops the others. */
export interface Listeners<T> {
  /** Adds a listener; returns the function that removes it. */
  add(listener: (value: T) => void): () => void;
  emit(value: T): void;
}

export function createListeners<T>(onError: (error: unknown) => void): Listeners<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(value) {
      for (const listener of listeners) {
        try {
          listener(value);
        } catch (error) {
          onError(error);
        }
      }
    },
  };
}
