import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import kk from './kk.json';
import ru from './ru.json';
import { UI_LANGUAGES, type UiLanguage } from '../../../electron/core/vocabulary/enums';

/** The interface languages: the vocabulary's. */
export const LANGUAGES = UI_LANGUAGES;
export type Language = UiLanguage;
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
