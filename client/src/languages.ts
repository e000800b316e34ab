// The documents this extension and its language server handle, by language.
import type { SpecLanguage } from './settings';

/** Languages whose files the user's `awsCicd.files.*` patterns can claim. */
export const SPEC_LANGUAGES: readonly SpecLanguage[] = ['buildspec', 'appspec'];

/** Documents the language server handles; appspec.json keeps the `json` language for highlighting. */
export const DOCUMENT_SELECTOR: { language: string; pattern?: string }[] = [
  { language: 'buildspec' },
  { language: 'appspec' },
  { language: 'json', pattern: '**/appspec*.json' },
];
