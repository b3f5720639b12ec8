import { detect } from 'tinyld/light';
import type { LanguageDetector } from './batch-case-matcher';

/**
 * ISO 639-1 code of the text's language, or null when too short to tell. The `tinyld` package
 * ships its n-gram model inside the package (nothing is downloaded at run time); the light model
 * is used because detection runs on the hot path whenever a rule asks for a language and the
 * source did not give one.
 */
export const tinyldLanguage: LanguageDetector = (text) => detect(text) || null;
