import type { Sex } from '../vocabulary/enums';

/** Synthetic names: common Kazakh and Russian given names and surnames, none of a real child. */
export const KAZAKH = {
  surnamesMale: [
    'Нұрланов',
    'Сейітқали',
    'Жұмабаев',
    'Әбенов',
    'Қасымов',
    'Өмірбеков',
    'Ұлықбеков',
    'Смағұлов',
    'Тоқтаров',
    'Байжанов',
    'Есенғали',
    'Мұратов',
  ],
  boys: [
    'Әлихан',
    'Нұрасыл',
    'Ерасыл',
    'Данияр',
    'Мирас',
    'Айбек',
    'Іңкәрбек',
    'Ерғали',
    'Бауыржан',
    'Өркен',
    'Қайрат',
    'Ұлан',
  ],
  girls: [
    'Айсұлу',
    'Іңкәр',
    'Аружан',
    'Томирис',
    'Әсем',
    'Жансая',
    'Ақбота',
    'Гүлнұр',
    'Мөлдір',
    'Дариға',
    'Өмірзая',
    'Ұлжан',
  ],
  fathers: [
    'Нұрлан',
    'Серік',
    'Қайрат',
    'Ержан',
    'Бауыржан',
    'Мұрат',
    'Асқар',
    'Ғалым',
    'Дәурен',
    'Құдайберген',
  ],
};
export const RUSSIAN = {
  surnamesMale: [
    'Иванов',
    'Петров',
    'Смирнов',
    'Кузнецов',
    'Попов',
    'Соколов',
    'Лебедев',
    'Козлов',
    'Новиков',
    'Морозов',
  ],
  boys: [
    'Артём',
    'Максим',
    'Михаил',
    'Даниил',
    'Иван',
    'Кирилл',
    'Егор',
    'Матвей',
    'Тимофей',
    'Фёдор',
  ],
  girls: [
    'София',
    'Мария',
    'Анна',
    'Алиса',
    'Виктория',
    'Полина',
    'Варвара',
    'Ксения',
    'Дарья',
    'Ульяна',
  ],
  fathers: [
    'Алексей',
    'Сергей',
    'Дмитрий',
    'Андрей',
    'Николай',
    'Павел',
    'Игорь',
    'Олег',
    'Юрий',
    'Виктор',
  ],
};

export function kazakhSurname(male: string, sex: Sex): string {
  return sex === 'male' ? male : male.replace(/(ов|ев|ин)$/u, '$1а');
}

export function kazakhPatronymic(father: string, sex: Sex): string {
  return `${father}${sex === 'male' ? 'ұлы' : 'қызы'}`;
}

export function russianSurname(male: string, sex: Sex): string {
  return sex === 'male' ? male : `${male}а`;
}

export function russianPatronymic(father: string, sex: Sex): string {
  const stem = father.replace(/й$/u, '');
  const soft = father.endsWith('й');
  if (sex === 'male') return `${stem}${soft ? 'евич' : 'ович'}`;
  return `${stem}${soft ? 'евна' : 'овна'}`;
}

export const STREETS = [
  'Тұран даңғылы',
  'Абай даңғылы',
  'Кенесары көшесі',
  'Сарыарқа даңғылы',
  'ул. Жумабаева',
  'ул. Пушкина',
  'Қабанбай батыр даңғылы',
];
export const CITIES = ['Астана қ.', 'Алматы қ.', 'Қарағанды қ.', 'г. Павлодар'];
