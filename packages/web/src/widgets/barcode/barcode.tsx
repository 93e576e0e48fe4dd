import { useEffect, useRef, useState } from 'react';
import { Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { barcodeOptions, type BarcodeType } from './barcode-options.ts';

export type { BarcodeType } from './barcode-options.ts';

export interface BarcodeProps {
  bcid: BarcodeType;
  text: string;
  /** Module size in pixels (1–10). */
  scale?: number;
  /** Bar height in millimetres, linear codes only. */
  height?: number;
  includeText?: boolean;
}

let encoders: Promise<typeof import('./bwip-symbols.ts')> | undefined;
// bwip-js is several hundred KB: loaded on first use, once.
const loadEncoders = () => {
  encoders ??= import('./bwip-symbols.ts').catch((err: unknown) => {
    encoders = undefined;
    throw err;
  });
  return encoders;
};

/** A barcode or QR code drawn in the browser on a canvas (bwip-js); PDFs get theirs from the server. */
export function Barcode({ bcid, text, scale, height, includeText }: BarcodeProps) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    loadEncoders()
      .then(({ ENCODERS }) => {
        if (!live || !canvas.current) return;
        const options = barcodeOptions({ bcid, text, scale, height, includeText });
        ENCODERS[options.bcid](canvas.current, options);
      })
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [bcid, text, scale, height, includeText]);

  if (error) return <Typography.Text type="danger">{t('barcode.failed', { message: error })}</Typography.Text>;
  return <canvas ref={canvas} role="img" aria-label={t('barcode.label', { text })} data-bcid={bcid} />;
}
