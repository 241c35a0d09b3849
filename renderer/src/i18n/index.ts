import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import kk from './kk.json';
import ru from './ru.json';

export const LANGUAGES = ['kk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORED = 'balabaqsha.language';

/** Before sign-in the last language used on this computer; after it, the user's own. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  return stored === 'ru' ? 'ru' : 'kk';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(STORED, language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

void i18next.use(initReactI18next).init({
  resources: { kk: { translation: kk }, ru: { translation: ru } },
  lng: initialLanguage(),
  fallbackLng: 'kk',
  interpolation: { escapeValue: false },
});

export default i18next;
