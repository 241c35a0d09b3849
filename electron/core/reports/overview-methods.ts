import { z } from 'zod';
import type { Permission } from '../auth/permissions';
import { isoMonth } from '../attendance/calendar';
import { localDateTime } from '../attendance/attendance-record';
import { method } from '../registry/method';
import {
  overviewCounts,
  overviewGroups,
  overviewMoney,
  todoList,
  type TodoKind,
  type TodoList,
} from './overview';

/** Which permission each to-do list needs (it shows what that permission guards). */
const TODO_ACCESS: Record<TodoKind, Permission> = {
  contractsUnsigned: 'contracts.read',
  consentsMissing: 'children.read',
  privilegesExpiring: 'privileges.read',
  examinationsDue: 'health.read',
  withoutPhoto: 'portfolio.read',
};

export const overviewMethods = {
  /**
   * The overview (issue 15 item 1) for `month` (this month in Astana by default): counts and
   * groups with `reports.stats`, each to-do list with the permission of what it shows, the
   * month's payments with `fees.read`; a part the role may not see is absent. A sensitive
   * read: the to-do lists name children, so every child named is audited as read; a call
   * naming nobody leaves one row without a child.
   */
  'reports.overview': method({
    input: z.object({ month: isoMonth.optional() }).strict(),
    access: 'reports.overview',
    kind: 'sensitiveRead',
    entity: 'report',
    handler: (ctx, input) => {
      const store = ctx.store();
      const asOf = localDateTime(ctx.now()).slice(0, 10);
      const month = input.month ?? asOf.slice(0, 7);
      const todo: Partial<Record<TodoKind, TodoList>> = {};
      for (const [kind, permission] of Object.entries(TODO_ACCESS) as [TodoKind, Permission][])
        if (ctx.may(permission)) todo[kind] = todoList(store, kind, asOf);
      for (const list of Object.values(todo))
        for (const item of list.items) ctx.auditRead(item.childId);
      const stats = ctx.may('reports.stats');
      return {
        asOf,
        month,
        ...(stats && { counts: overviewCounts(store, asOf), groups: overviewGroups(store, month) }),
        todo,
        ...(ctx.may('fees.read') && { money: overviewMoney(store, month) }),
      };
    },
  }),
};
