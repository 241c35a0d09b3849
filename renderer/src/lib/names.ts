/** A person's full name as the app shows it: last, first, then the patronymic when there is one. */
export const fullName = (person: {
  lastName: string;
  firstName: string;
  patronymic?: string | null;
}) => [person.lastName, person.firstName, person.patronymic].filter(Boolean).join(' ');
