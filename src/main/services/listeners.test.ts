import { describe, expect, it } from 'vitest';
import { createListeners } from './listeners';

describe('createListeners', () => {
  it('a throwing listener is reported and never stops the others; removal is exact', () => {
    const errors: unknown[] = [];
    const listeners = createListeners<number>((error) => errors.push(error));
    const seen: number[] = [];
    listeners.add(() => {
      throw new Error('boom');
    });
    const off = listeners.add((value) => seen.push(value));
    listeners.emit(1);
    off();
    off();
    listeners.emit(2);
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
    expect(String(errors[0])).toContain('boom');
  });
});
