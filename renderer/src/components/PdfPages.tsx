import { useEffect, useRef, useState } from 'react';
import { Loader, Stack } from '@mantine/core';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** A PDF drawn page by page onto canvases, from bytes in memory: nothing is written anywhere. */
export function PdfPages({ base64, width = 760 }: { base64: string; width?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let cancelled = false;
    const task = pdfjs.getDocument({
      data: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
      isEvalSupported: false,
    });
    void task.promise.then(async (document) => {
      for (let number = 1; number <= document.numPages && !cancelled; number++) {
        const page = await document.getPage(number);
        const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
        const canvas = window.document.createElement('canvas');
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.setAttribute('aria-label', `page ${number}`);
        canvas.style.border = '1px solid #ddd';
        container.current?.appendChild(canvas);
        await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
      }
      if (!cancelled) setLoading(false);
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
      {loading && <Loader />}
      <div
        ref={container}
        data-testid="pdf-pages"
        style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
      />
    </Stack>
  );
}
