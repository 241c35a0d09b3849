import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Modal, Text } from '@mantine/core';

/** What a screen with unsaved work does when the user leaves it: save it (true: saved) or drop it. */
export interface LeaveGuard {
  save: () => Promise<boolean>;
  discard: () => void;
}

/** The guards of the screens that have unsaved work now. */
const guards = new Set<{ current: LeaveGuard }>();

/**
 * While `unsaved`, leaving through the app's navigation asks first (Save / Discard / Stay, see
 * useConfirmLeave), and closing or reloading the window asks the browser's own question.
 */
export function useLeaveGuard(unsaved: boolean, guard: LeaveGuard) {
  const ref = useRef(guard);
  useEffect(() => {
    ref.current = guard;
  });
  useEffect(() => {
    if (!unsaved) return;
    guards.add(ref);
    const onUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      guards.delete(ref);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [unsaved]);
}

/**
 * `leave(go)` runs `go` at once when nothing is unsaved; otherwise the dialog it returns asks
 * whether to save (go only once every screen saved), discard (then go) or stay.
 */
export function useConfirmLeave(): [(go: () => void) => void, React.JSX.Element] {
  const { t } = useTranslation();
  const [pending, setPending] = useState<{ go: () => void } | null>(null);
  const [saving, setSaving] = useState(false);
  const leave = (go: () => void) => (guards.size ? setPending({ go }) : go());
  const save = async () => {
    setSaving(true);
    try {
      const saved = await Promise.all([...guards].map((guard) => guard.current.save()));
      const go = pending?.go;
      setPending(null);
      if (saved.every(Boolean)) go?.();
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    for (const guard of guards) guard.current.discard();
    const go = pending?.go;
    setPending(null);
    go?.();
  };
  const dialog = (
    <Modal
      opened={pending !== null}
      onClose={() => setPending(null)}
      title={t('nav.leave.title')}
      data-testid="leave-dialog"
    >
      <Text size="sm">{t('nav.leave.message')}</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => setPending(null)} data-testid="leave-stay">
          {t('nav.leave.stay')}
        </Button>
        <Button variant="light" color="red" onClick={discard} data-testid="leave-discard">
          {t('nav.leave.discard')}
        </Button>
        <Button
          onClick={() => void save()}
          loading={saving}
          data-autofocus
          data-testid="leave-save"
        >
          {t('nav.leave.save')}
        </Button>
      </Group>
    </Modal>
  );
  return [leave, dialog];
}
