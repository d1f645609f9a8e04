// The real clock lives in core so every layer can use it; kept here for existing imports.
export { systemClock } from '../core/clock';
