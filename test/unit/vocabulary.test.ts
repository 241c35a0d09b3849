import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as vocabulary from '../../electron/core/vocabulary/enums';
import { documentPermission, roleMay, type Permission } from '../../electron/core/auth/permissions';
import { DOCUMENT_TYPES, STAFF_ROLES, type StaffRole } from '../../electron/core/vocabulary/enums';
import {
  tabsFor,
  editsChildren,
  importableTypes,
} from '../../renderer/src/features/children/access';
import { managesSync, runsSync } from '../../renderer/src/features/sync/access';
import { pagesFor } from '../../renderer/src/app/pages';

/**
 * Issue 12 item 5: value lists and role rules are declared once (electron/core/vocabulary/,
 * auth/permissions.ts) and the renderer imports them instead of keeping its own copies.
 */

const RENDERER = join(process.cwd(), 'renderer', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every closed list of the vocabulary (arrays of strings), by name. */
const LISTS = Object.entries(vocabulary as Record<string, unknown>).filter(
  (entry): entry is [string, readonly string[]] =>
    Array.isArray(entry[1]) && entry[1].every((value) => typeof value === 'string'),
);
const ROLES = new Set<string>(STAFF_ROLES);

/**
 * Deliberate renderer-side arrays of vocabulary values, with why they are not a copy:
 * the add-document choice's order (its first entry is the default); which of them a role is
 * offered comes from the core's documentPermission and roleMay.
 */
const ALLOWED = new Set(['features/children/access.ts:OFFERED_DOCUMENTS']);

/** Where the renderer spells out vocabulary values or role rules itself. */
function copiesIn(name: string, text: string): string[] {
  const kind = name.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const where = (node: ts.Node) =>
    `${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const stringOf = (node: ts.Node): string | null =>
    ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : null;
  const declaredAs = (node: ts.Node): string | null => {
    for (let at: ts.Node | undefined = node.parent; at; at = at.parent)
      if (ts.isVariableDeclaration(at) && ts.isIdentifier(at.name)) return at.name.text;
    return null;
  };

  const visit = (node: ts.Node) => {
    // ['male', 'female'] or [{ value: 'female', … }, { value: 'male', … }]: an option list.
    if (ts.isArrayLiteralExpression(node)) {
      const values = node.elements.flatMap((element) => {
        const direct = stringOf(element);
        if (direct !== null) return [direct];
        if (!ts.isObjectLiteralExpression(element)) return [];
        const value = element.properties.find(
          (p): p is ts.PropertyAssignment =>
            ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'value',
        );
        const text = value ? stringOf(value.initializer) : null;
        return text !== null && text !== '' ? [text] : [];
      });
      const list = LISTS.find(([, list]) => values.every((value) => list.includes(value)));
      if (new Set(values).size >= 2 && list && !ALLOWED.has(`${name}:${declaredAs(node)}`))
        found.push(`${where(node)} repeats ${list[0]}: ${values.join(', ')}`);
    }
    // role === 'director': a role rule written by hand instead of roleMay.
    if (
      ts.isBinaryExpression(node) &&
      [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
        node.operatorToken.kind,
      )
    ) {
      const role = [node.left, node.right].map(stringOf).find((text) => text && ROLES.has(text));
      if (role) found.push(`${where(node)} compares with the role '${role}'`);
    }
    // { director: …, nurse: … }: a table by role.
    if (ts.isObjectLiteralExpression(node)) {
      const keys = node.properties.flatMap((p) =>
        p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : [],
      );
      if (keys.filter((key) => ROLES.has(key)).length >= 2)
        found.push(`${where(node)} has a table by role: ${keys.join(', ')}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('one vocabulary', () => {
  it('the renderer declares no copy of a vocabulary list and no role table of its own', () => {
    const copies = sourceFiles(RENDERER).flatMap((file) =>
      copiesIn(relative(RENDERER, file).split('\\').join('/'), readFileSync(file, 'utf8')),
    );
    expect(copies).toEqual([]);
  });

  it('the scan finds copied lists, a role comparison and a role table', () => {
    // What the renderer had before issue 12, each found.
    const before = [
      "const STATUSES = ['referred', 'enrolled', 'withdrawn', 'graduated'] as const;",
      "const SEX = [{ value: '', label: '' }, { value: 'female', label: 'F' }, { value: 'male' }];",
      "const NEXT = { referred: ['enrolled'], enrolled: ['withdrawn', 'graduated'] };",
      "const editsChildren = (role: string) => role === 'director';",
      "const TABS = { director: ['general'], nurse: ['general'] };",
    ].join('\n');
    expect(copiesIn('before.ts', before)).toEqual([
      'before.ts:1 repeats CHILD_STATUSES: referred, enrolled, withdrawn, graduated',
      'before.ts:2 repeats SEXES: female, male',
      'before.ts:3 repeats CHILD_STATUSES: withdrawn, graduated',
      "before.ts:4 compares with the role 'director'",
      'before.ts:5 has a table by role: director, nurse',
    ]);
  });

  it.each(STAFF_ROLES)("%s's child tabs follow the core's roleMay", (role: StaffRole) => {
    const may = (permission: Permission) => roleMay(role, permission);
    const tabs = tabsFor(role);
    expect(tabs.includes('general')).toBe(may('children.read'));
    expect(tabs.includes('representatives')).toBe(may('children.read'));
    expect(tabs.includes('health')).toBe(may('health.read'));
    expect(tabs.includes('portfolio')).toBe(may('portfolio.read'));
    expect(tabs.includes('history')).toBe(may('audit.read'));
    // Every tab shown is one whose reads the core lets this role make.
    if (tabs.includes('documents'))
      expect(DOCUMENT_TYPES.some((type) => may(documentPermission(type, 'read')))).toBe(true);
    expect(editsChildren(role)).toBe(may('children.write'));
    for (const type of importableTypes(role))
      expect(may(documentPermission(type, 'write')), type).toBe(true);
    expect(runsSync(role)).toBe(may('sync.run'));
    expect(managesSync(role)).toBe(may('sync.manage'));
    const pages = pagesFor(role);
    expect(pages.includes('children')).toBe(may('children.read'));
    expect(pages.includes('attendance')).toBe(may('attendance.read'));
    expect(pages.includes('contracts')).toBe(may('contracts.read'));
    expect(pages.includes('fees')).toBe(may('fees.read'));
    expect(pages.includes('staff')).toBe(may('staff.manage'));
    expect(pages.includes('settings')).toBe(may('settings.manage'));
    expect(pages.includes('audit')).toBe(may('audit.read'));
    expect(pages).toContain('portal');
  });

  it('what each role is offered is as before the vocabulary, with the Reports page (issue 15) for every role', () => {
    const offered = Object.fromEntries(
      STAFF_ROLES.map((role) => [
        role,
        {
          tabs: tabsFor(role).join(' '),
          pages: pagesFor(role).join(' '),
          importable: importableTypes(role).join(' '),
        },
      ]),
    );
    const personal =
      'birth_certificate_copy id_copy authority_document_copy privilege_proof representative_photo previous_personal_file other';
    const health = 'health_passport_page medical_card_page';
    expect(offered).toEqual({
      director: {
        tabs: 'general representatives documents health portfolio history',
        pages: 'children attendance contracts fees reports portal staff settings audit',
        importable: `child_photo portfolio_file ${personal} ${health} absence_reason`,
      },
      methodist: {
        tabs: 'general representatives documents portfolio',
        pages: 'children attendance reports portal',
        importable: 'child_photo portfolio_file absence_reason',
      },
      teacher: {
        tabs: 'general representatives documents portfolio',
        pages: 'children attendance reports portal',
        importable: 'child_photo portfolio_file absence_reason',
      },
      nurse: {
        tabs: 'general representatives documents health',
        pages: 'children attendance reports portal',
        importable: `${personal} ${health} absence_reason`,
      },
      accountant: {
        tabs: 'general representatives',
        pages: 'children attendance contracts fees reports portal',
        importable: '',
      },
    });
  });
});
