import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import { getDocument, PDFWorker } from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';
import { format, zhCN } from '../../../../../shared/i18n/zhCN';
import { useTextScale } from '../../../app/textSize';

// The preview shows the stored PDF itself (the bytes the printer gets), drawn by pdf.js into canvases:
// what the clerk sees is what prints. The worker is bundled as a same-origin script (CSP: scripts from
// 'self' only), one per preview, ended with it; eval is off.

interface Props {
  pdf: Uint8Array;
  /** CSS width of each page. */
  width: number;
}

export function PdfPreview({ pdf, width: baseWidth }: Props) {
  // The preview follows the desk's text size like every screen: the page is drawn that much larger.
  const width = Math.round(baseWidth * useTextScale());
  const host = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState(0);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setPages(0);
    setFailed(null);
    const worker = new PDFWorker({ port: new PdfWorker() } as unknown as ConstructorParameters<typeof PDFWorker>[0]);
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    const task = getDocument({ data: pdf.slice(), isEvalSupported: false, worker });
    void task.promise
      .then(async (doc) => {
        const canvases: HTMLCanvasElement[] = [];
        for (let i = 1; i <= doc.numPages; i++) {
          const page = await doc.getPage(i);
          if (cancelled) return;
          const base = page.getViewport({ scale: 1 });
          const scale = (width / base.width) * (window.devicePixelRatio || 1);
          const viewport = page.getViewport({ scale });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.style.width = `${width}px`;
          // Never wider than the card: on a narrow window the page shrinks rather than scroll sideways.
          canvas.style.maxWidth = '100%';
          canvas.style.height = 'auto';
          canvas.style.display = 'block';
          canvas.style.margin = '0 auto 12px';
          canvas.style.boxShadow = '0 1px 4px rgba(0,0,0,0.25)';
          canvas.setAttribute('aria-label', format(zhCN.printing.screen.pageImage, { page: i }));
          await page.render({ canvas, viewport }).promise;
          canvases.push(canvas);
        }
        if (cancelled || !host.current) return;
        host.current.replaceChildren(...canvases);
        setPages(doc.numPages);
      })
      .catch((e: unknown) => {
        if (!cancelled) setFailed(e instanceof Error ? e.message : String(e));
      });
    return () => {
      cancelled = true;
      void task
        .destroy()
        .catch(() => undefined)
        .finally(() => worker.destroy());
    };
  }, [pdf, width]);
  return (
    <>
      {failed && <Alert type="warning" showIcon title={format(zhCN.printing.screen.previewFailed, { reason: failed })} data-testid="print-preview-failed" />}
      <div ref={host} data-testid="print-preview" data-pages={pages} style={{ background: '#f0f0f0', padding: 12, minHeight: 200 }} />
    </>
  );
}
