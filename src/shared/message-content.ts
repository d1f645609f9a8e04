/**
 * What a WuKongIM message payload shows. Payloads are JSON with a numeric `type` as the official
 * SDKs write them (1 text, 2 image, 3 GIF, 4 voice, 5 video, 6 location, 7 card, 8 file, 99
 * command, 1000-2000 system notices with a `{0}` template filled from `extra`). decodeContent()
 * never throws: anything it cannot read is `unsupported`. describeContent() gives the one-line
 * wording shared by bubbles, the chat list preview and notifications, never empty. Pure: no Node
 * or DOM imports, so every process can use it.
 */

export const CONTENT_TYPE = {
  text: 1,
  image: 2,
  gif: 3,
  voice: 4,
  video: 5,
  location: 6,
  card: 7,
  file: 8,
  command: 99,
} as const;

/** TangSengDaoDao / WuKongIM system notices (group created, member added, …). */
export const SYSTEM_TYPE_MIN = 1000;
export const SYSTEM_TYPE_MAX = 2000;

/** Payloads above this are not parsed (no real message is this large; parsing would stall). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Longest text kept from a field shown in a summary (names, titles). */
export const MAX_FIELD_CHARS = 200;

export type MessageContent =
  | { kind: 'text'; text: string }
  | { kind: 'image'; url: string; width: number | null; height: number | null }
  | { kind: 'gif'; url: string; width: number | null; height: number | null }
  | { kind: 'voice'; url: string; seconds: number | null }
  | { kind: 'video'; url: string; cover: string; seconds: number | null; size: number | null }
  | { kind: 'location'; title: string; address: string; lat: number | null; lng: number | null }
  | { kind: 'card'; uid: string; name: string }
  | { kind: 'file'; name: string; size: number | null; url: string }
  /** not for display: a signal between clients (e.g. clear unread) */
  | { kind: 'command'; cmd: string }
  | { kind: 'system'; text: string }
  /** unknown type (contentType) or a payload that could not be read (contentType null) */
  | { kind: 'unsupported'; contentType: number | null };

type Json = Record<string, unknown>;

const own = (o: Json, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/** Control characters and bidi overrides could disguise a name or reorder the line around it. */
function unsafeChar(code: number): boolean {
  return (
    code <= 0x08 ||
    (code >= 0x0b && code <= 0x1f) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function cleanLine(s: string): string {
  let kept = '';
  for (const ch of s) if (!unsafeChar(ch.codePointAt(0)!)) kept += ch;
  const flat = kept.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_FIELD_CHARS) return flat;
  // cut between code points, so an emoji at the limit is not left as half a surrogate pair
  let cut = flat.slice(0, MAX_FIELD_CHARS - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const str = (o: Json, k: string): string => {
  const v = own(o, k);
  return typeof v === 'string' ? v : '';
};

/** A finite number ≥ 0 (numbers sent as strings too, as some SDKs do), else null. */
function num(o: Json, k: string): number | null {
  const v = own(o, k);
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
}

/** `{0} invited {1}` with `extra[i].name` (or uid); missing values stay empty. */
function fillTemplate(template: string, extra: unknown): string {
  const items = Array.isArray(extra) ? extra : [];
  return template.replace(/\{(\d{1,3})\}/g, (_m, i: string) => {
    const item: unknown = items[Number(i)];
    if (typeof item !== 'object' || item === null) return '';
    const o = item as Json;
    return str(o, 'name') || str(o, 'uid');
  });
}

function parse(payload: Uint8Array | string): Json | null {
  let text: string;
  if (typeof payload === 'string') {
    if (payload.length > MAX_PAYLOAD_BYTES) return null;
    text = payload;
  } else {
    if (payload.byteLength > MAX_PAYLOAD_BYTES) return null;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    } catch {
      return null;
    }
  }
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}

export function decodeContent(payload: Uint8Array | string): MessageContent {
  const o = parse(payload);
  if (!o) return { kind: 'unsupported', contentType: null };
  const type = own(o, 'type');
  if (typeof type !== 'number' || !Number.isInteger(type)) {
    return { kind: 'unsupported', contentType: null };
  }
  switch (type) {
    case CONTENT_TYPE.text: {
      const text = own(o, 'content');
      return typeof text === 'string' && text.trim() !== ''
        ? { kind: 'text', text }
        : { kind: 'unsupported', contentType: type };
    }
    case CONTENT_TYPE.image:
    case CONTENT_TYPE.gif:
      return {
        kind: type === CONTENT_TYPE.image ? 'image' : 'gif',
        url: str(o, 'url'),
        width: num(o, 'width'),
        height: num(o, 'height'),
      };
    case CONTENT_TYPE.voice:
      return { kind: 'voice', url: str(o, 'url'), seconds: num(o, 'timeTrad') };
    case CONTENT_TYPE.video:
      return {
        kind: 'video',
        url: str(o, 'url'),
        cover: str(o, 'cover'),
        seconds: num(o, 'second'),
        size: num(o, 'size'),
      };
    case CONTENT_TYPE.location:
      return {
        kind: 'location',
        title: cleanLine(str(o, 'title')),
        address: cleanLine(str(o, 'address')),
        lat: num(o, 'lat'),
        lng: num(o, 'lng'),
      };
    case CONTENT_TYPE.card:
      return { kind: 'card', uid: cleanLine(str(o, 'uid')), name: cleanLine(str(o, 'name')) };
    case CONTENT_TYPE.file:
      return {
        kind: 'file',
        name: cleanLine(str(o, 'name')),
        size: num(o, 'size'),
        url: str(o, 'url'),
      };
    case CONTENT_TYPE.command:
      return { kind: 'command', cmd: cleanLine(str(o, 'cmd')) };
    default: {
      if (type >= SYSTEM_TYPE_MIN && type <= SYSTEM_TYPE_MAX) {
        const text = cleanLine(fillTemplate(str(o, 'content'), own(o, 'extra')));
        if (text !== '') return { kind: 'system', text };
      }
      return { kind: 'unsupported', contentType: type };
    }
  }
}

/**
 * What a bubble, the chat list and a notification show of a non-text message: its content
 * without addresses (urls, covers, coordinates, commands), every string already cleaned
 * (cleanLine) and every number in range. Main decodes the stored payload into this and hands it
 * to the renderer on HistoryEntry.content, so raw payload bytes never cross IPC.
 */
export type ContentDetails =
  | { kind: 'image' }
  | { kind: 'gif' }
  | { kind: 'voice'; seconds: number | null }
  | { kind: 'video'; seconds: number | null; size: number | null }
  | { kind: 'location'; title: string; address: string }
  | { kind: 'card'; uid: string; name: string }
  | { kind: 'file'; name: string; size: number | null }
  | { kind: 'command' }
  | { kind: 'system'; text: string }
  | { kind: 'unsupported'; contentType: number | null };

/** Anything describeContent() can word: full content, or the details shipped to the renderer. */
export type DescribableContent = ContentDetails | { kind: 'text'; text: string };

/** Longest duration shown (a day); a larger one is a broken payload, shown without a duration. */
export const MAX_SHOWN_SECONDS = 24 * 60 * 60;
/** Largest size shown; a larger one is a broken payload, shown without a size. */
export const MAX_SHOWN_BYTES = Number.MAX_SAFE_INTEGER;

const bounded = (n: number | null, max: number): number | null =>
  n !== null && n <= max ? n : null;

/** The details of a non-text message (null for text: its text is the entry's `text`). */
export function contentDetails(content: MessageContent): ContentDetails | null {
  switch (content.kind) {
    case 'text':
      return null;
    case 'image':
    case 'gif':
    case 'command':
      return { kind: content.kind };
    case 'voice':
      return { kind: 'voice', seconds: bounded(content.seconds, MAX_SHOWN_SECONDS) };
    case 'video':
      return {
        kind: 'video',
        seconds: bounded(content.seconds, MAX_SHOWN_SECONDS),
        size: bounded(content.size, MAX_SHOWN_BYTES),
      };
    case 'location':
      return { kind: 'location', title: content.title, address: content.address };
    case 'card':
      return { kind: 'card', uid: content.uid, name: content.name };
    case 'file':
      return { kind: 'file', name: content.name, size: bounded(content.size, MAX_SHOWN_BYTES) };
    case 'system':
      return { kind: 'system', text: content.text };
    case 'unsupported': {
      const type = content.contentType;
      return { kind: 'unsupported', contentType: Number.isSafeInteger(type) ? type : null };
    }
  }
}

/** When only the type is known (no payload at hand): the placeholder of that type. */
export function contentOfType(contentType: number, text = ''): MessageContent {
  switch (contentType) {
    case CONTENT_TYPE.text:
      return text.trim() !== '' ? { kind: 'text', text } : { kind: 'unsupported', contentType };
    case CONTENT_TYPE.image:
      return { kind: 'image', url: '', width: null, height: null };
    case CONTENT_TYPE.gif:
      return { kind: 'gif', url: '', width: null, height: null };
    case CONTENT_TYPE.voice:
      return { kind: 'voice', url: '', seconds: null };
    case CONTENT_TYPE.video:
      return { kind: 'video', url: '', cover: '', seconds: null, size: null };
    case CONTENT_TYPE.location:
      return { kind: 'location', title: '', address: '', lat: null, lng: null };
    case CONTENT_TYPE.card:
      return { kind: 'card', uid: '', name: '' };
    case CONTENT_TYPE.file:
      return { kind: 'file', name: '', size: null, url: '' };
    case CONTENT_TYPE.command:
      return { kind: 'command', cmd: '' };
    default:
      return { kind: 'unsupported', contentType };
  }
}

/**
 * "512 B", "1.5 KB", "20 MB": binary units, one decimal below 10, digits in the language's number
 * format (no grouping: a size never reaches 1,024 of a unit).
 */
export function formatFileSize(bytes: number, language: ContentLanguage = 'en'): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 10 ? 0 : 1;
  const shown = new Intl.NumberFormat(language, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(v);
  return `${shown} ${units[i]}`;
}

export type ContentLanguage = 'en' | 'zh-CN';

/**
 * The wording, one block per language. The renderer's i18n catalogue includes these blocks as
 * they are (key `messageContent`), so the list, the bubbles and notifications say the same.
 */
export const MESSAGE_CONTENT_STRINGS = {
  en: {
    image: '[Image]',
    gif: '[GIF]',
    voice: '[Voice message]',
    voiceSeconds: '[Voice message] {{seconds}}″',
    video: '[Video]',
    location: '[Location]',
    locationTitle: '[Location] {{title}}',
    card: '[Contact card]',
    cardName: '[Contact card] {{name}}',
    file: '[File]',
    fileName: '[File] {{name}}',
    fileNameSize: '[File] {{name}} ({{size}})',
    command: '[System message]',
    unsupported: '[Unsupported message]',
  },
  'zh-CN': {
    image: '[图片]',
    gif: '[动图]',
    voice: '[语音]',
    voiceSeconds: '[语音] {{seconds}}″',
    video: '[视频]',
    location: '[位置]',
    locationTitle: '[位置] {{title}}',
    card: '[名片]',
    cardName: '[名片] {{name}}',
    file: '[文件]',
    fileName: '[文件] {{name}}',
    fileNameSize: '[文件] {{name}} ({{size}})',
    command: '[系统消息]',
    unsupported: '[不支持的消息]',
  },
} as const;

export type MessageContentKey = keyof (typeof MESSAGE_CONTENT_STRINGS)['en'];

/**
 * Which string and which values: for callers with their own translator (the renderer's t()).
 * `language` formats numbers (sizes).
 */
export function contentSummaryKey(
  content: DescribableContent,
  language: ContentLanguage = 'en',
): {
  key: MessageContentKey;
  values: Record<string, string>;
} | null {
  switch (content.kind) {
    case 'text':
    case 'system':
      return null;
    case 'image':
    case 'gif':
    case 'video':
    case 'command':
    case 'unsupported':
      return { key: content.kind, values: {} };
    case 'voice':
      return content.seconds !== null
        ? { key: 'voiceSeconds', values: { seconds: String(Math.round(content.seconds)) } }
        : { key: 'voice', values: {} };
    case 'location': {
      const title = content.title || content.address;
      return title ? { key: 'locationTitle', values: { title } } : { key: 'location', values: {} };
    }
    case 'card':
      return content.name || content.uid
        ? { key: 'cardName', values: { name: content.name || content.uid } }
        : { key: 'card', values: {} };
    case 'file': {
      if (!content.name) return { key: 'file', values: {} };
      const size = content.size !== null ? formatFileSize(content.size, language) : '';
      return size
        ? { key: 'fileNameSize', values: { name: content.name, size } }
        : { key: 'fileName', values: { name: content.name } };
    }
  }
}

/** One line for a bubble, the chat list or a notification; never empty. */
export function describeContent(content: DescribableContent, language: ContentLanguage): string {
  if (content.kind === 'text') return content.text;
  if (content.kind === 'system') return content.text;
  const s = contentSummaryKey(content, language)!;
  const template: string = MESSAGE_CONTENT_STRINGS[language][s.key];
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => s.values[k] ?? '');
}
