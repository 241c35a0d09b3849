import type {
  allergies,
  childPrivileges,
  healthPassports,
  representatives,
  CHILD_STATUSES,
  CONTRACT_STATUSES,
  DEVELOPMENT_AREAS,
  DOCUMENT_TYPES,
  RELATIONS,
  SEXES,
  UiLanguage,
} from '../../../db/schema';

/**
 * The personal-data report's words in Kazakh and Russian: headings, labels and every stored
 * code (status, relation, document type, …) as the reader says it, as contract content.ts keeps
 * a contract's relation words. The same words as the app's screens (renderer/src/i18n), which
 * the core cannot import. An enum value without a word here fails the type check; an audited
 * method without one fails test/integration/subject-access-report.test.ts.
 */

type Words<T extends readonly string[]> = Record<T[number], string>;
type IdDocumentType = (typeof representatives.$inferSelect)['idDocumentType'];
type Confirmation = (typeof childPrivileges.$inferSelect)['confirmation'];
type AllergyKind = (typeof allergies.$inferSelect)['kind'];
type PeGroup = NonNullable<(typeof healthPassports.$inferSelect)['peGroup']>;

export interface ReportWords {
  title: string;
  heading: string;
  generatedOn: string;
  none: string;
  yes: string;
  no: string;
  sections: {
    child: string;
    representatives: string;
    privileges: string;
    health: string;
    portfolio: string;
    contracts: string;
    documents: string;
    accesses: string;
  };
  child: {
    fullName: string;
    iin: string;
    birthDate: string;
    sex: string;
    citizenship: string;
    birthCertificate: string;
    registeredAddress: string;
    actualAddress: string;
    status: string;
    group: string;
    referral: string;
    enrolledOn: string;
    leftOn: string;
  };
  rep: {
    fullName: string;
    iin: string;
    relation: string;
    primary: string;
    idDocument: string;
    authorityDocument: string;
    phone: string;
    email: string;
    work: string;
    address: string;
  };
  privilege: { validity: string; document: string; confirmation: string };
  consent: {
    title: string;
    text: (rulesVersion: string, givenOn: string, by: string) => string;
    /** A withdrawn consent is kept and shown, with the day it was withdrawn. */
    withdrawn: (withdrawnOn: string) => string;
  };
  contract: (number: string, date: string, status: string) => string;
  health: {
    passport: string;
    allergies: string;
    chronicConditions: string;
    vaccinations: string;
    anthropometry: string;
    examinations: string;
    medicalCard: string;
    fields: Record<string, string>;
  };
  audit: { denied: string; system: string; unknownAction: string };
  statuses: Words<typeof CHILD_STATUSES>;
  sexes: Words<typeof SEXES>;
  relations: Words<typeof RELATIONS>;
  idDocuments: Record<IdDocumentType, string>;
  confirmations: Record<Confirmation, string>;
  documentTypes: Words<typeof DOCUMENT_TYPES>;
  contractStatuses: Words<typeof CONTRACT_STATUSES>;
  allergyKinds: Record<AllergyKind, string>;
  peGroups: Record<PeGroup, string>;
  areas: Words<typeof DEVELOPMENT_AREAS>;
  /** Audited actions (method names, and the sync client's and seed's own) as the reader says them. */
  actions: Record<string, string>;
}

export const REPORT_WORDS: Record<UiLanguage, ReportWords> = {
  kk: {
    title: 'Дербес деректер туралы анықтама',
    heading: 'Баланың дербес деректері туралы анықтама',
    generatedOn: 'Құрылған күні',
    none: '—',
    yes: 'иә',
    no: 'жоқ',
    sections: {
      child: 'Бала',
      representatives: 'Заңды өкілдер',
      privileges: 'Жеңілдіктер және келісімдер',
      health: 'Денсаулық',
      portfolio: 'Портфолио',
      contracts: 'Шарттар',
      documents: 'Құжаттар',
      accesses: 'Кім қашан қарады және өзгертті',
    },
    child: {
      fullName: 'Тегі, аты, әкесінің аты',
      iin: 'ЖСН',
      birthDate: 'Туған күні',
      sex: 'Жынысы',
      citizenship: 'Азаматтығы',
      birthCertificate: 'Туу туралы куәлік',
      registeredAddress: 'Тіркелген мекенжайы',
      actualAddress: 'Нақты тұратын мекенжайы',
      status: 'Мәртебесі',
      group: 'Тобы',
      referral: 'Жолдама нөмірі',
      enrolledOn: 'Қабылданған күні',
      leftOn: 'Шығып кеткен күні',
    },
    rep: {
      fullName: 'Тегі, аты, әкесінің аты',
      iin: 'ЖСН',
      relation: 'Балаға кім болады',
      primary: 'Негізгі заңды өкіл',
      idDocument: 'Жеке басты куәландыратын құжат',
      authorityDocument: 'Өкілеттігін растайтын құжат',
      phone: 'Телефон',
      email: 'Электрондық пошта',
      work: 'Жұмыс орны, лауазымы',
      address: 'Мекенжайы',
    },
    privilege: {
      validity: 'Қолданылу мерзімі',
      document: 'Растайтын құжаттың нөмірі',
      confirmation: 'Растау',
    },
    consent: {
      title: 'Дербес деректерді өңдеуге келісім',
      text: (rulesVersion, givenOn, by) =>
        `Ережелер нұсқасы ${rulesVersion}, берілген күні ${givenOn}, берген: ${by}`,
      withdrawn: (withdrawnOn) => `кері қайтарылған күні ${withdrawnOn}`,
    },
    contract: (number, date, status) => `№ ${number}, ${date}, ${status}`,
    health: {
      passport: 'Денсаулық паспорты',
      allergies: 'Аллергиялар',
      chronicConditions: 'Созылмалы аурулар',
      vaccinations: 'Екпелер',
      anthropometry: 'Антропометрия',
      examinations: 'Мамандардың қарап-тексеруі',
      medicalCard: 'Медициналық карта',
      fields: {
        bloodGroup: 'Қан тобы',
        rhFactor: 'Резус-фактор',
        healthGroup: 'Денсаулық тобы',
        peGroup: 'Дене шынықтыру тобы',
        disability: 'Мүгедектігі',
        updatedAt: 'Өзгертілген күні',
        kind: 'Аллергия түрі',
        allergen: 'Аллерген',
        reaction: 'Реакциясы',
        condition: 'Ауру',
        since: 'Қашаннан бері',
        dispensaryObservation: 'Диспансерлік бақылауда',
        vaccine: 'Вакцина',
        dose: 'Доза',
        givenOn: 'Егілген күні',
        series: 'Сериясы',
        measuredOn: 'Өлшенген күні',
        heightCm: 'Бойы, см',
        weightKg: 'Салмағы, кг',
        examinedOn: 'Қаралған күні',
        specialist: 'Маман',
        conclusion: 'Қорытындысы',
        date: 'Күні',
        complaint: 'Шағымы',
        examination: 'Тексеру',
        diagnosis: 'Диагнозы',
        action: 'Көрсетілген көмек',
      },
    },
    audit: { denied: 'бас тартылды', system: 'жүйе', unknownAction: 'Басқа әрекет' },
    statuses: {
      referred: 'Жолдамамен',
      enrolled: 'Қабылданды',
      withdrawn: 'Шығып кетті',
      graduated: 'Бітірді',
    },
    sexes: { female: 'Қыз', male: 'Ұл' },
    relations: {
      mother: 'Анасы',
      father: 'Әкесі',
      guardian: 'Қорғаншысы',
      trustee: 'Қамқоршысы',
      other: 'Басқа заңды өкіл',
    },
    idDocuments: {
      id_card: 'Жеке куәлік',
      passport: 'Паспорт',
      residence_permit: 'Тұруға ықтиярхат',
      other: 'Басқа құжат',
    },
    confirmations: { pending: 'Тексерілуде', confirmed: 'Расталды', rejected: 'Қабылданбады' },
    documentTypes: {
      id_copy: 'Жеке куәліктің көшірмесі',
      birth_certificate_copy: 'Туу туралы куәліктің көшірмесі',
      authority_document_copy: 'Өкілеттікті растайтын құжат',
      privilege_proof: 'Жеңілдікті растайтын құжат',
      child_photo: 'Баланың суреті',
      representative_photo: 'Заңды өкілдің суреті',
      absence_reason: 'Келмеу себебін растайтын құжат',
      health_passport_page: 'Денсаулық паспортының беті',
      medical_card_page: 'Медициналық картаның беті',
      portfolio_file: 'Портфолио файлы',
      previous_personal_file: 'Бұрынғы ұйымнан жеке іс',
      signed_contract: 'Қол қойылған шарт',
      other: 'Басқа құжат',
    },
    contractStatuses: {
      draft: 'Жоба',
      printed: 'Басып шығарылған',
      signed: 'Қол қойылған',
      terminated: 'Бұзылған',
    },
    allergyKinds: { food: 'Тағамға', drug: 'Дәріге', other: 'Басқа' },
    peGroups: { main: 'Негізгі', preparatory: 'Дайындық', special: 'Арнайы' },
    areas: {
      physical: 'Физикалық даму',
      communicative: 'Коммуникативтік дағдылар',
      cognitive: 'Танымдық және зияткерлік дағдылар',
      creative: 'Шығармашылық дағдылар',
      social_emotional: 'Әлеуметтік-эмоционалдық дағдылар',
    },
    actions: {
      'app.status': 'Күйі',
      'attendance.day': 'Топтың күнделікті келу журналын ашу',
      'attendance.saveDay': 'Топтың күнін белгілеу',
      'attendance.month': 'Айлық келу табелін ашу',
      'attendance.closeMonth': 'Айды жабу',
      'attendance.reopenMonth': 'Айды қайта ашу',
      'attendance.timesheetPdf': 'Келу табелін PDF-ке сақтау',
      'attendance.calendar': 'Жұмыс күндерінің күнтізбесін ашу',
      'attendance.setCalendar': 'Жұмыс күндерінің күнтізбесін өзгерту',
      'attendance.disputes': 'Ата-аналардың келіспеушіліктері',
      'audit.list': 'Аудит журналын қарау',
      'audit.exportPdf': 'Аудит журналын PDF-ке сақтау',
      'auth.changePassword': 'Құпиясөзді өзгерту',
      'auth.recover': 'Кілтпен қалпына келтіру',
      'auth.setLanguage': 'Тілді өзгерту',
      'auth.signIn': 'Кіру',
      'auth.signOut': 'Шығу',
      'auth.stillActive': 'Белсенділік белгісі',
      'backup.create': 'Сақтық көшірме',
      'children.archive': 'Мұрағатқа жіберу',
      'children.create': 'Баланы тіркеу',
      'children.exportReport': 'Дербес деректер анықтамасы',
      'children.printReport': 'Дербес деректер анықтамасын басып шығару',
      'reports.childCard': 'Баланың карточкасы',
      'reports.printChildCard': 'Баланың карточкасын басып шығару',
      'reports.consentForm': 'Дербес деректерге келісім нысаны',
      'reports.printConsentForm': 'Келісім нысанын басып шығару',
      'children.get': 'Жеке істі ашу',
      'children.history': 'Жеке іс тарихы',
      'children.list': 'Балалар тізімі',
      'reports.list': 'Балалар тізімін қарау (есептер)',
      'reports.listPdf': 'Балалар тізімін PDF-ке сақтау',
      'reports.printList': 'Балалар тізімін басып шығару',
      'reports.listXlsx': 'Балалар тізімін Excel файлына сақтау',
      'children.setStatus': 'Мәртебені өзгерту',
      'children.update': 'Бала деректерін өзгерту',
      'conflicts.list': 'Қайшылықтар тізімі',
      'conflicts.resolve': 'Қайшылықты шешу',
      'consents.record': 'Келісімді тіркеу',
      'consents.withdraw': 'Келісімді кері қайтарып алу',
      'contracts.batchCancel': 'Шарттар пакетінен бас тарту',
      'contracts.batchPrint': 'Шарттар пакетін басып шығару',
      'contracts.batchStart': 'Шарттар пакетін дайындау',
      'contracts.batchStep': 'Шарттар пакетін жасау',
      'contracts.check': 'Шартты тексеру',
      'contracts.create': 'Шарт жасау',
      'contracts.createForGroup': 'Топқа шарттар жасау',
      'contracts.list': 'Шарттар тізімі',
      'contracts.markPrinted': 'Шарт басып шығарылды',
      'contracts.markSigned': 'Шартқа қол қойылды',
      'contracts.print': 'Шартты басып шығару',
      'contracts.render': 'Шартты ашу',
      'contracts.savePdf': 'Шартты PDF файлға сақтау',
      'contracts.terminate': 'Шартты бұзу',
      'contracts.terms': 'Шарт талаптары',
      'contracts.updateTerms': 'Шарт талаптарын өзгерту',
      'contracts.verify': 'Шарттың түпнұсқалығын тексеру',
      'documents.import': 'Құжат жүктеу',
      'documents.list': 'Құжаттар тізімі',
      'documents.read': 'Құжатты ашу',
      'documents.remove': 'Құжатты жою',
      'fees.addReduction': 'Төлем бойынша жеңілдік қосу',
      'fees.cancelPayment': 'Қате енгізілген төлемнің күшін жою',
      'fees.debtors': 'Қарызы барлар тізімі',
      'fees.export': 'Төлем ведомосын немесе қарыздар тізімін файлға сақтау',
      'fees.payments': 'Төлемдер тізімі',
      'fees.recordPayment': 'Төлемді енгізу',
      'fees.reductions': 'Төлем бойынша жеңілдіктер',
      'fees.removeReduction': 'Төлем бойынша жеңілдікті алып тастау',
      'fees.setSettings': 'Ата-ана төлемінің баптауларын өзгерту',
      'fees.settings': 'Ата-ана төлемінің баптаулары',
      'fees.sheet': 'Ата-ана төлемінің ведомосы',
      'groups.create': 'Топ құру',
      'groups.setCapacity': 'Топтың орын санын өзгерту',
      'groups.list': 'Топтар тізімі',
      'health.addRecord': 'Медициналық жазба қосу',
      'health.get': 'Денсаулық паспортын ашу',
      'health.removeRecord': 'Медициналық жазбаны жою',
      'health.updatePassport': 'Денсаулық паспортын өзгерту',
      'maintenance.verify': 'Қойманы тексеру',
      'notices.list': 'Ережелер өзгерісі туралы хабарламалар',
      'portfolio.addEntry': 'Портфолиоға жазба',
      'portfolio.list': 'Портфолио',
      'printing.printers': 'Принтерлер',
      'privileges.add': 'Жеңілдік қосу',
      'privileges.categories': 'Жеңілдік санаттары',
      'referrals.accept': 'Жолдаманы қабылдау',
      'referrals.list': 'Жолдамалар тізімі',
      'reports.overview': 'Есептер: шолу',
      'reports.statsExport': 'Анонимді статистиканы файлға сақтау',
      'representatives.findByIin': 'Заңды өкілді ЖСН бойынша іздеу',
      'representatives.link': 'Заңды өкіл',
      'representatives.remove': 'Қате енгізілген заңды өкілді жою',
      'seed.children': 'Сынақ деректері: балалар',
      'seed.groups': 'Сынақ деректері: топтар',
      'seed.settings': 'Сынақ деректері: баптаулар',
      'seed.attendance': 'Сынақ деректері: келу-кету табелі',
      'settings.get': 'Баптауларды оқу',
      'settings.update': 'Баптауларды өзгерту',
      'updates.settings': 'Жаңарту баптауларын оқу',
      'updates.setUrl': 'Жаңарту серверінің мекенжайын өзгерту',
      'setup.initialize': 'Бастапқы баптау',
      'staff.add': 'Қызметкер қосу',
      'staff.list': 'Қызметкерлер тізімі',
      'staff.remove': 'Қызметкерді жою',
      'staff.resetPassword': 'Қызметкер құпиясөзін ауыстыру',
      'staff.setGroups': 'Тәрбиешінің топтары',
      'sync.dismissRejected': 'Қабылданбаған өзгерісті тізімнен алу',
      'sync.enroll': 'Компьютерді порталға тіркеу',
      'sync.pull': 'Порталдан алынған өзгерістер',
      'sync.push': 'Порталға жіберілген өзгерістер',
      'sync.rejected': 'Портал қабылдамаған өзгерістер',
      'sync.rejectedPulls': 'Портал өзгерістері, мұнда қабылданбағандар',
      'sync.resendRejected': 'Қабылданбаған өзгерісті қайта жіберу',
      'sync.run': 'Порталмен синхрондау',
      'sync.status': 'Синхрондау күйі',
    },
  },
  ru: {
    title: 'Справка о персональных данных',
    heading: 'Справка о персональных данных ребёнка',
    generatedOn: 'Дата составления',
    none: '—',
    yes: 'да',
    no: 'нет',
    sections: {
      child: 'Ребёнок',
      representatives: 'Законные представители',
      privileges: 'Льготы и согласия',
      health: 'Здоровье',
      portfolio: 'Портфолио',
      contracts: 'Договоры',
      documents: 'Документы',
      accesses: 'Кто и когда просматривал и изменял',
    },
    child: {
      fullName: 'Фамилия, имя, отчество',
      iin: 'ИИН',
      birthDate: 'Дата рождения',
      sex: 'Пол',
      citizenship: 'Гражданство',
      birthCertificate: 'Свидетельство о рождении',
      registeredAddress: 'Адрес регистрации',
      actualAddress: 'Фактический адрес проживания',
      status: 'Статус',
      group: 'Группа',
      referral: 'Номер направления',
      enrolledOn: 'Дата зачисления',
      leftOn: 'Дата выбытия',
    },
    rep: {
      fullName: 'Фамилия, имя, отчество',
      iin: 'ИИН',
      relation: 'Кем приходится ребёнку',
      primary: 'Основной законный представитель',
      idDocument: 'Документ, удостоверяющий личность',
      authorityDocument: 'Документ, подтверждающий полномочия',
      phone: 'Телефон',
      email: 'Электронная почта',
      work: 'Место работы, должность',
      address: 'Адрес',
    },
    privilege: {
      validity: 'Срок действия',
      document: 'Номер подтверждающего документа',
      confirmation: 'Подтверждение',
    },
    consent: {
      title: 'Согласие на обработку персональных данных',
      text: (rulesVersion, givenOn, by) =>
        `Версия правил ${rulesVersion}, дата ${givenOn}, дал(а): ${by}`,
      withdrawn: (withdrawnOn) => `отозвано ${withdrawnOn}`,
    },
    contract: (number, date, status) => `№ ${number}, ${date}, ${status}`,
    health: {
      passport: 'Паспорт здоровья',
      allergies: 'Аллергии',
      chronicConditions: 'Хронические заболевания',
      vaccinations: 'Прививки',
      anthropometry: 'Антропометрия',
      examinations: 'Осмотры специалистов',
      medicalCard: 'Медицинская карта',
      fields: {
        bloodGroup: 'Группа крови',
        rhFactor: 'Резус-фактор',
        healthGroup: 'Группа здоровья',
        peGroup: 'Группа по физкультуре',
        disability: 'Инвалидность',
        updatedAt: 'Дата изменения',
        kind: 'Вид аллергии',
        allergen: 'Аллерген',
        reaction: 'Реакция',
        condition: 'Заболевание',
        since: 'С какого времени',
        dispensaryObservation: 'Диспансерное наблюдение',
        vaccine: 'Вакцина',
        dose: 'Доза',
        givenOn: 'Дата прививки',
        series: 'Серия',
        measuredOn: 'Дата измерения',
        heightCm: 'Рост, см',
        weightKg: 'Вес, кг',
        examinedOn: 'Дата осмотра',
        specialist: 'Специалист',
        conclusion: 'Заключение',
        date: 'Дата',
        complaint: 'Жалобы',
        examination: 'Осмотр',
        diagnosis: 'Диагноз',
        action: 'Оказанная помощь',
      },
    },
    audit: { denied: 'отказано', system: 'система', unknownAction: 'Другое действие' },
    statuses: {
      referred: 'По направлению',
      enrolled: 'Зачислен',
      withdrawn: 'Выбыл',
      graduated: 'Выпущен',
    },
    sexes: { female: 'Девочка', male: 'Мальчик' },
    relations: {
      mother: 'Мать',
      father: 'Отец',
      guardian: 'Опекун',
      trustee: 'Попечитель',
      other: 'Другой законный представитель',
    },
    idDocuments: {
      id_card: 'Удостоверение личности',
      passport: 'Паспорт',
      residence_permit: 'Вид на жительство',
      other: 'Другой документ',
    },
    confirmations: { pending: 'На проверке', confirmed: 'Подтверждена', rejected: 'Отклонена' },
    documentTypes: {
      id_copy: 'Копия удостоверения личности',
      birth_certificate_copy: 'Копия свидетельства о рождении',
      authority_document_copy: 'Документ, подтверждающий полномочия',
      privilege_proof: 'Документ, подтверждающий льготу',
      child_photo: 'Фотография ребёнка',
      representative_photo: 'Фотография законного представителя',
      absence_reason: 'Документ о причине отсутствия',
      health_passport_page: 'Страница паспорта здоровья',
      medical_card_page: 'Страница медицинской карты',
      portfolio_file: 'Файл портфолио',
      previous_personal_file: 'Личное дело из прежней организации',
      signed_contract: 'Подписанный договор',
      other: 'Другой документ',
    },
    contractStatuses: {
      draft: 'Черновик',
      printed: 'Напечатан',
      signed: 'Подписан',
      terminated: 'Расторгнут',
    },
    allergyKinds: { food: 'Пищевая', drug: 'Лекарственная', other: 'Другая' },
    peGroups: { main: 'Основная', preparatory: 'Подготовительная', special: 'Специальная' },
    areas: {
      physical: 'Физическое развитие',
      communicative: 'Коммуникативные навыки',
      cognitive: 'Познавательные и интеллектуальные навыки',
      creative: 'Творческие навыки',
      social_emotional: 'Социально-эмоциональные навыки',
    },
    actions: {
      'app.status': 'Состояние',
      'attendance.day': 'Открытие журнала посещаемости группы за день',
      'attendance.saveDay': 'Отметка посещаемости группы за день',
      'attendance.month': 'Открытие табеля посещаемости за месяц',
      'attendance.closeMonth': 'Закрытие месяца',
      'attendance.reopenMonth': 'Повторное открытие месяца',
      'attendance.timesheetPdf': 'Сохранение табеля посещаемости в PDF',
      'attendance.calendar': 'Открытие календаря рабочих дней',
      'attendance.setCalendar': 'Изменение календаря рабочих дней',
      'attendance.disputes': 'Несогласия родителей',
      'audit.list': 'Просмотр журнала аудита',
      'audit.exportPdf': 'Выгрузка журнала аудита в PDF',
      'auth.changePassword': 'Смена пароля',
      'auth.recover': 'Восстановление ключом',
      'auth.setLanguage': 'Смена языка',
      'auth.signIn': 'Вход',
      'auth.signOut': 'Выход',
      'auth.stillActive': 'Отметка активности',
      'backup.create': 'Резервная копия',
      'children.archive': 'Архивирование',
      'children.create': 'Регистрация ребёнка',
      'children.exportReport': 'Справка о персональных данных',
      'children.printReport': 'Печать справки о персональных данных',
      'reports.childCard': 'Карточка ребёнка',
      'reports.printChildCard': 'Печать карточки ребёнка',
      'reports.consentForm': 'Бланк согласия на обработку персональных данных',
      'reports.printConsentForm': 'Печать бланка согласия',
      'children.get': 'Открытие личного дела',
      'children.history': 'История личного дела',
      'children.list': 'Список детей',
      'reports.list': 'Просмотр списка детей (отчёты)',
      'reports.listPdf': 'Сохранение списка детей в PDF',
      'reports.printList': 'Печать списка детей',
      'reports.listXlsx': 'Сохранение списка детей в файл Excel',
      'children.setStatus': 'Смена статуса',
      'children.update': 'Изменение данных ребёнка',
      'conflicts.list': 'Список конфликтов',
      'conflicts.resolve': 'Решение конфликта',
      'consents.record': 'Регистрация согласия',
      'consents.withdraw': 'Отзыв согласия',
      'contracts.batchCancel': 'Отмена пакета договоров',
      'contracts.batchPrint': 'Печать пакета договоров',
      'contracts.batchStart': 'Подготовка пакета договоров',
      'contracts.batchStep': 'Формирование пакета договоров',
      'contracts.check': 'Проверка договора',
      'contracts.create': 'Создание договора',
      'contracts.createForGroup': 'Создание договоров для группы',
      'contracts.list': 'Список договоров',
      'contracts.markPrinted': 'Договор напечатан',
      'contracts.markSigned': 'Договор подписан',
      'contracts.print': 'Печать договора',
      'contracts.render': 'Открытие договора',
      'contracts.savePdf': 'Сохранение договора в PDF-файл',
      'contracts.terminate': 'Расторжение договора',
      'contracts.terms': 'Условия договора',
      'contracts.updateTerms': 'Изменение условий договора',
      'contracts.verify': 'Проверка подлинности договора',
      'documents.import': 'Загрузка документа',
      'documents.list': 'Список документов',
      'documents.read': 'Открытие документа',
      'documents.remove': 'Удаление документа',
      'fees.addReduction': 'Добавление льготы по оплате',
      'fees.cancelPayment': 'Отмена ошибочно внесённой оплаты',
      'fees.debtors': 'Список должников',
      'fees.export': 'Сохранение ведомости или списка должников в файл',
      'fees.payments': 'Список оплат',
      'fees.recordPayment': 'Внесение оплаты',
      'fees.reductions': 'Льготы по оплате',
      'fees.removeReduction': 'Удаление льготы по оплате',
      'fees.setSettings': 'Изменение настроек родительской платы',
      'fees.settings': 'Настройки родительской платы',
      'fees.sheet': 'Ведомость родительской платы',
      'groups.create': 'Создание группы',
      'groups.setCapacity': 'Изменение вместимости группы',
      'groups.list': 'Список групп',
      'health.addRecord': 'Добавление медзаписи',
      'health.get': 'Открытие паспорта здоровья',
      'health.removeRecord': 'Удаление медзаписи',
      'health.updatePassport': 'Изменение паспорта здоровья',
      'maintenance.verify': 'Проверка хранилища',
      'notices.list': 'Уведомления об изменении правил',
      'portfolio.addEntry': 'Запись в портфолио',
      'portfolio.list': 'Портфолио',
      'printing.printers': 'Принтеры',
      'privileges.add': 'Добавление льготы',
      'privileges.categories': 'Категории льгот',
      'referrals.accept': 'Приём по направлению',
      'referrals.list': 'Список направлений',
      'reports.overview': 'Отчёты: обзор',
      'reports.statsExport': 'Сохранение обезличенной статистики в файл',
      'representatives.findByIin': 'Поиск законного представителя по ИИН',
      'representatives.link': 'Законный представитель',
      'representatives.remove': 'Удаление ошибочно внесённого законного представителя',
      'seed.children': 'Тестовые данные: дети',
      'seed.groups': 'Тестовые данные: группы',
      'seed.settings': 'Тестовые данные: настройки',
      'seed.attendance': 'Тестовые данные: табель посещаемости',
      'settings.get': 'Чтение настроек',
      'settings.update': 'Изменение настроек',
      'updates.settings': 'Чтение настроек обновления',
      'updates.setUrl': 'Изменение адреса сервера обновлений',
      'setup.initialize': 'Первичная настройка',
      'staff.add': 'Добавление сотрудника',
      'staff.list': 'Список сотрудников',
      'staff.remove': 'Удаление сотрудника',
      'staff.resetPassword': 'Смена пароля сотрудника',
      'staff.setGroups': 'Группы воспитателя',
      'sync.dismissRejected': 'Удаление отклонённого изменения из списка',
      'sync.enroll': 'Регистрация компьютера на портале',
      'sync.pull': 'Изменения, полученные с портала',
      'sync.push': 'Изменения, отправленные на портал',
      'sync.rejected': 'Изменения, отклонённые порталом',
      'sync.rejectedPulls': 'Изменения с портала, не принятые здесь',
      'sync.resendRejected': 'Повторная отправка отклонённого изменения',
      'sync.run': 'Синхронизация с порталом',
      'sync.status': 'Состояние синхронизации',
    },
  },
};
