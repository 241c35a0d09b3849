import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Center,
  Group,
  Image,
  Modal,
  NativeSelect,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { PdfView } from './PdfView';
import { useSession } from '../../app/session';
import { editsChildren, importableTypes, type DocumentType } from './access';
import { RemoveRecordDialog } from './RemoveRecordDialog';
import { MAX_FILE_BYTES, MAX_FILE_MEGABYTES, dataUrl } from './files';
import { formatDate } from '../../lib/dates';
import { toBase64 } from '../../lib/files';

function Thumbnail({ documentId }: { documentId: string }) {
  const thumb = useQuery({
    queryKey: ['thumb', documentId],
    queryFn: () => call('documents.read', { documentId, variant: 'thumbnail' }),
    staleTime: Infinity,
  });
  return thumb.data ? (
    <Image
      src={dataUrl(thumb.data.mime, thumb.data.contentBase64)}
      h={96}
      w="auto"
      fit="contain"
      alt=""
    />
  ) : null;
}

/** A document decrypted to memory for viewing: an image, or a PDF drawn by pdf.js. */
function Viewer({ file }: { file: { mime: string; contentBase64: string } }) {
  return file.mime === 'application/pdf' ? (
    <PdfView base64={file.contentBase64} />
  ) : (
    <Image src={dataUrl(file.mime, file.contentBase64)} alt="" data-testid="image-viewer" />
  );
}

/** The camera's picture, taken into memory as a JPEG and imported like a picked file. */
function CameraCapture({ onPhoto }: { onPhoto: (photo: Blob) => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [unavailable, setUnavailable] = useState(!navigator.mediaDevices);
  useEffect(() => {
    if (!navigator.mediaDevices) return;
    let stopped = false;
    let media: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({ video: true })
      .then((stream) => {
        media = stream;
        if (stopped) stream.getTracks().forEach((track) => track.stop());
        else if (video.current) video.current.srcObject = stream;
      })
      .catch(() => setUnavailable(true));
    return () => {
      stopped = true;
      media?.getTracks().forEach((track) => track.stop());
    };
  }, []);
  const take = () => {
    const frame = video.current;
    if (!frame?.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = frame.videoWidth;
    canvas.height = frame.videoHeight;
    canvas.getContext('2d')?.drawImage(frame, 0, 0);
    canvas.toBlob((blob) => blob && onPhoto(blob), 'image/jpeg', 0.9);
  };
  if (unavailable)
    return (
      <Alert color="red" role="alert">
        {t('child.documents.noCamera')}
      </Alert>
    );
  return (
    <Stack align="center">
      <video ref={video} autoPlay playsInline muted width={480} />
      <Button onClick={take}>{t('child.documents.takePhoto')}</Button>
    </Stack>
  );
}

/** Import by file dialog, drag-and-drop or camera; view images and PDFs decrypted in memory. */
export function DocumentsTab({ childId }: { childId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const types = importableTypes(session.role);
  const documents = useQuery({
    queryKey: ['documents', childId],
    queryFn: () => call('documents.list', { childId }),
  });
  const [type, setType] = useState<DocumentType | undefined>(types[0]);
  const [title, setTitle] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  /** 0–1 while the file is read, then null (the core's checks have no measurable progress). */
  const [progress, setProgress] = useState<{ name: string; read: number } | null>(null);
  const [viewing, setViewing] = useState<{ mime: string; contentBase64: string } | null>(null);
  const [camera, setCamera] = useState(false);
  const [dragging, setDragging] = useState(false);
  /** The document the director is removing (entered by mistake). */
  const [removing, setRemoving] = useState<{
    id: string;
    title: string;
    type: DocumentType;
  } | null>(null);
  const canRemove = editsChildren(session.role);
  const input = useRef<HTMLInputElement>(null);

  const upload = async (file: Blob, name: string) => {
    if (!type) return;
    setFailure(null);
    if (file.size > MAX_FILE_BYTES) {
      setFailure(t('errors.fileTooLarge', { maxMegabytes: MAX_FILE_MEGABYTES }));
      return;
    }
    setProgress({ name, read: 0 });
    try {
      const contentBase64 = await toBase64(file, (read) => setProgress({ name, read }));
      setProgress({ name, read: 1 });
      await call('documents.import', { childId, type, title: title.trim() || name, contentBase64 });
      setTitle('');
      notifications.show({ message: t('child.documents.imported'), color: 'green' });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['documents', childId] }),
        queryClient.invalidateQueries({ queryKey: ['history', childId] }),
      ]);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setProgress(null);
    }
  };
  const open = (documentId: string) =>
    call('documents.read', { documentId }).then(setViewing, (error: unknown) =>
      setFailure(errorText(error)),
    );

  return (
    <Stack>
      {types.length > 0 && type && (
        <Paper
          withBorder
          p="md"
          bg={dragging ? 'blue.0' : undefined}
          style={{ borderStyle: 'dashed' }}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            const file = event.dataTransfer.files[0];
            if (file) void upload(file, file.name);
          }}
          data-testid="drop-zone"
        >
          <Stack>
            <Text c="dimmed">{t('child.documents.dropHint')}</Text>
            <Group align="end">
              <NativeSelect
                label={t('child.documents.type')}
                value={type}
                onChange={(event) => setType(event.currentTarget.value as DocumentType)}
                data={types.map((value) => ({ value, label: t(`child.documentTypes.${value}`) }))}
              />
              <TextInput
                label={t('child.documents.title')}
                value={title}
                onChange={(event) => setTitle(event.currentTarget.value)}
              />
              <Button loading={!!progress} onClick={() => input.current?.click()}>
                {t('child.documents.choose')}
              </Button>
              <Button variant="light" disabled={!!progress} onClick={() => setCamera(true)}>
                {t('child.documents.camera')}
              </Button>
            </Group>
            <input
              ref={input}
              type="file"
              hidden
              data-testid="document-file"
              accept="image/jpeg,image/png,application/pdf"
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                event.currentTarget.value = '';
                if (file) void upload(file, file.name);
              }}
            />
            {progress && (
              <Stack gap={4}>
                <Text size="sm">
                  {progress.read < 1
                    ? t('child.documents.reading', { name: progress.name })
                    : t('child.documents.checking', { name: progress.name })}
                </Text>
                <Progress
                  value={progress.read < 1 ? progress.read * 100 : 100}
                  animated={progress.read >= 1}
                  striped={progress.read >= 1}
                  aria-label={t('child.documents.progress')}
                />
              </Stack>
            )}
          </Stack>
        </Paper>
      )}
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      {documents.error && (
        <Alert color="red" role="alert">
          {errorText(documents.error)}
        </Alert>
      )}
      {documents.data?.length === 0 && <Text c="dimmed">{t('child.documents.none')}</Text>}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {documents.data?.map((doc) => (
          <Stack key={doc.id} gap={4}>
            <Paper
              withBorder
              p="xs"
              component="button"
              onClick={() => void open(doc.id)}
              style={{ cursor: 'pointer', textAlign: 'left' }}
              data-testid="document"
            >
              {doc.hasThumbnail ? (
                <Thumbnail documentId={doc.id} />
              ) : (
                <Center h={96} bg="gray.1" c="dimmed" fw={700}>
                  PDF
                </Center>
              )}
              <Text size="sm" fw={600}>
                {doc.title}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`child.documentTypes.${doc.type}`)} · {formatDate(doc.createdAt)}
              </Text>
            </Paper>
            {canRemove && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => setRemoving(doc)}
                aria-label={t('removal.removeDocumentNamed', { title: doc.title })}
              >
                {t('removal.removeDocument')}
              </Button>
            )}
          </Stack>
        ))}
      </SimpleGrid>
      <Modal
        opened={camera}
        onClose={() => setCamera(false)}
        title={t('child.documents.camera')}
        size="lg"
      >
        {camera && (
          <CameraCapture
            onPhoto={(photo) => {
              setCamera(false);
              void upload(photo, t('child.documents.photo'));
            }}
          />
        )}
      </Modal>
      <RemoveRecordDialog
        opened={!!removing}
        title={t('removal.documentTitle')}
        intro={t('removal.documentIntro')}
        changes={
          removing
            ? [
                {
                  label: t(`child.documentTypes.${removing.type}`),
                  from: removing.title,
                  to: t('removal.removed'),
                },
              ]
            : []
        }
        onRemove={async (reason) => {
          await call('documents.remove', { documentId: removing!.id, reason });
          notifications.show({ message: t('removal.documentDone'), color: 'green' });
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: ['documents', childId] }),
            queryClient.invalidateQueries({ queryKey: ['history', childId] }),
          ]);
        }}
        onClose={() => setRemoving(null)}
      />
      <Modal
        opened={!!viewing}
        onClose={() => setViewing(null)}
        size="auto"
        title={t('child.documents.view')}
      >
        {viewing && <Viewer file={viewing} />}
      </Modal>
    </Stack>
  );
}
