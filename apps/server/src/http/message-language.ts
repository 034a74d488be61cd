import type { FastifyRequest } from 'fastify';
import { englishMessages } from './english-messages.ts';

/** The language a request asks its messages in: English when its first Accept-Language is English. */
export type MessageLanguage = 'zh' | 'en';

/** The web sends its interface language (i18next's) as Accept-Language on every request. */
export function languageOf(request: FastifyRequest): MessageLanguage {
  const first = String(request.headers['accept-language'] ?? '')
    .split(',')[0]!
    .trim()
    .toLowerCase();
  return first.startsWith('en') ? 'en' : 'zh';
}

interface Template {
  pattern: RegExp;
  english: string;
  /** The placeholders the Chinese quotes (“{}”, 「{}」): names (a task's), kept as written. */
  quoted: Set<number>;
}

/** The indexes of the placeholders of a catalogue key that stand between quotation marks. */
function quotedPlaceholders(chinese: string): Set<number> {
  const pieces = chinese.split('{}');
  return new Set(
    pieces
      .slice(0, -1)
      .map((before, index) => ({ index, opens: before.at(-1), closes: pieces[index + 1]!.at(0) }))
      .filter(({ opens, closes }) => (opens === '“' && closes === '”') || (opens === '「' && closes === '」'))
      .map(({ index }) => index),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Templates with more fixed text first, so that "请求内容有误：{} {}" is tried before "请求内容有误：{}".
const templates: Template[] = Object.entries(englishMessages)
  .filter(([chinese]) => chinese.includes('{}'))
  .sort(([a], [b]) => b.replaceAll('{}', '').length - a.replaceAll('{}', '').length || b.length - a.length)
  .map(([chinese, english]) => ({
    pattern: new RegExp(`^${chinese.split('{}').map(escapeRegExp).join('(.+?)')}$`, 's'),
    english,
    quoted: quotedPlaceholders(chinese),
  }));

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026年11月 → Nov 2026, 2026年 → 2026, 2026年05月09日 → 2026-05-09: periods and dates inside a message. */
function translatePeriods(text: string): string {
  return (
    text
      // 2026年05月09日18:00 (a time written straight after the day) → 2026-05-09 18:00
      .replace(
        /(\d{4})年(\d{1,2})月(\d{1,2})日(?=(\d)?)/g,
        (_, year: string, month: string, day: string, timeFollows?: string) =>
          [year, month.padStart(2, '0'), day.padStart(2, '0')].join('-') + (timeFollows ? ' ' : ''),
      )
      .replace(
        /(\d{4})年(\d{1,2})月/g,
        (_, year: string, month: string) => `${monthNames[Number(month) - 1]} ${year}`,
      )
      .replace(/(\d{4})年/g, '$1')
  );
}

/** An interpolated part: a word of the catalogue, a message of its own, a list of them, or a period. */
function translatePart(part: string): string {
  if (part.includes('；')) return part.split('；').map(translatePart).join('; ');
  if (part.includes('、') && !englishMessages[part]) return part.split('、').map(translatePart).join(', ');
  return englishMessages[part] ?? translateTemplate(part) ?? translatePeriods(part);
}

function translateTemplate(text: string): string | null {
  for (const template of templates) {
    const match = template.pattern.exec(text);
    if (!match) continue;
    const parts = match
      .slice(1)
      .map((part, index) => (template.quoted.has(index) ? part : translatePart(part)));
    return template.english.replace(/\{(\d+)\}/g, (_, index: string) => parts[Number(index)] ?? '');
  }
  return null;
}

/**
 * A message of the server in the request's language. Chinese is the source; English comes from the catalogue
 * (english-messages.ts), exact or by template, with the interpolated parts translated in turn. A message the
 * catalogue lacks stays Chinese (the scan test keeps that from happening to a message written in the source).
 */
export function translateMessage(text: string, language: MessageLanguage): string {
  if (language === 'zh') return text;
  return englishMessages[text] ?? translateTemplate(text) ?? translatePeriods(text);
}

/** Labels before words a person wrote (a reason, a note): the label is translated, the words are kept. */
const wordsLabels: Record<string, string> = {
  退回原因: 'Reason for return',
  原因: 'Reason',
  理由: 'Reason',
  附言: 'Note',
  审核意见: 'Comment',
};

/**
 * A notice of the system (its title or body) in the request's language, line by line: the system's sentences
 * from the catalogue; a labelled line of someone's words (原因：…, 附言：…) with its label translated and the
 * words as written; any other line (an administrator's own message, a cell's return comment) as written.
 */
export function translateNotice(text: string, language: MessageLanguage): string {
  if (language === 'zh') return text;
  return text
    .split('\n')
    .map((line) => {
      const labelled = /^([^：]{1,4})：(.*)$/s.exec(line);
      const label = labelled ? wordsLabels[labelled[1]!] : undefined;
      if (label) return `${label}: ${labelled![2]}`;
      return englishMessages[line] ?? translateTemplate(line) ?? line;
    })
    .join('\n');
}
