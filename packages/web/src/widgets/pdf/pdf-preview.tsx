import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Modal, Space, Spin } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { downloadUrl } from '../../api/download.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';

export interface PdfPreviewProps {
  open: boolean;
  title: string;
  /** Produces the PDF (usually `() => printDocument(doc)`); called each time the preview opens. */
  load: () => Promise<Blob>;
  onClose(): void;
}

/** A PDF in a modal, as the browser's viewer shows it, with print and download; the blob URL is revoked on close. */
export function PdfPreview({ open, title, load, onClose }: PdfPreviewProps) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  // The latest `load` without reloading when the caller passes a new closure on every render.
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });

  useEffect(() => {
    if (!open) return;
    let live = true;
    let created: string | null = null;
    setError(null);
    setUrl(null);
    loader
      .current()
      .then((blob) => {
        if (!live) return;
        created = URL.createObjectURL(blob.type === 'application/pdf' ? blob : new Blob([blob], { type: 'application/pdf' }));
        setUrl(created);
      })
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [open]);

  const download = () => {
    if (url) downloadUrl(url, `${title}.pdf`);
  };

  return (
    <Modal
      open={open}
      title={title}
      width="min(1000px, 96vw)"
      onCancel={onClose}
      destroyOnHidden
      styles={{ body: { height: '72vh', padding: 0 } }}
      footer={
        <Space>
          <Button icon={<DownloadOutlined />} disabled={!url} onClick={download}>
            {t('pdf.download')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} disabled={!url} onClick={() => frame.current?.contentWindow?.print()}>
            {t('pdf.print')}
          </Button>
          <Button onClick={onClose}>{t('pdf.close')}</Button>
        </Space>
      }
    >
      {error ? (
        <Alert type="error" showIcon title={t('pdf.failed', { message: error })} style={{ margin: 16 }} />
      ) : url ? (
        <iframe ref={frame} src={url} title={title} data-testid="pdf-frame" style={{ width: '100%', height: '100%', border: 0 }} />
      ) : (
        <Spin description={t('pdf.loading')} style={{ display: 'block', paddingTop: '30vh' }}>
          <div />
        </Spin>
      )}
    </Modal>
  );
}
