import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Loader, Stack } from '@mantine/core';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

interface Props {
  base64: string;
  width?: number;
  /** The accessible name of a page, e.g. "Page 2" in the user's language. */
  pageLabel?: (number: number) => string;
  /** Shown instead when the PDF cannot be drawn. */
  fallback?: ReactNode;
}

/** A PDF drawn page by page onto canvases, from bytes in memory: nothing is written anywhere. */
export function PdfPages({ base64, width = 760, pageLabel, fallback }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'shown' | 'failed'>('loading');
  const label = useRef(pageLabel);
  useEffect(() => {
    label.current = pageLabel;
  });
  useEffect(() => {
    let cancelled = false;
    const task = pdfjs.getDocument({
      data: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
      isEvalSupported: false,
    });
    task.promise
      .then(async (document) => {
        for (let number = 1; number <= document.numPages && !cancelled; number++) {
          const page = await document.getPage(number);
          const scale = width / page.getViewport({ scale: 1 }).width;
          const viewport = page.getViewport({ scale });
          const canvas = window.document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.setAttribute('role', 'img');
          const name = label.current?.(number);
          if (name) canvas.setAttribute('aria-label', name);
          canvas.style.border = '1px solid #ddd';
          container.current?.appendChild(canvas);
          await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
        }
        if (!cancelled) setState('shown');
      })
      .catch(() => {
        if (!cancelled) setState('failed');
      });
    const node = container.current;
    return () => {
      cancelled = true;
      void task.destroy();
      node?.replaceChildren();
    };
  }, [base64, width]);
  return (
    <Stack align="center">
      {state === 'loading' && <Loader />}
      {state === 'failed' && (fallback ?? null)}
      <div
        ref={container}
        data-testid="pdf-pages"
        style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
      />
    </Stack>
  );
}
