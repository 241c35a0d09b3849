/** Menu labels in the app's two languages; Russian when the system locale is Russian. */
export const MENU_LABELS = {
  kk: {
    file: 'Файл',
    quit: 'Шығу',
    view: 'Көрініс',
    reload: 'Қайта жүктеу',
    fullScreen: 'Толық экран',
    help: 'Анықтама',
    about: 'Бағдарлама туралы',
    unsavedTitle: 'Өзгерістер сақталмаған',
    unsavedMessage: 'Сақталмаған өзгерістер бар (журнал белгілері). Оларсыз жабу керек пе?',
    leave: 'Сақтамай жабу',
    stay: 'Қалу',
  },
  ru: {
    file: 'Файл',
    quit: 'Выход',
    view: 'Вид',
    reload: 'Перезагрузить',
    fullScreen: 'Во весь экран',
    help: 'Справка',
    about: 'О программе',
    unsavedTitle: 'Изменения не сохранены',
    unsavedMessage: 'Есть несохранённые изменения (отметки журнала). Закрыть без них?',
    leave: 'Закрыть без сохранения',
    stay: 'Остаться',
  },
} as const;

export function menuLanguage(locale: string): keyof typeof MENU_LABELS {
  return locale.toLowerCase().startsWith('ru') ? 'ru' : 'kk';
}
