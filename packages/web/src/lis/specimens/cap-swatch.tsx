import { Space, Tooltip } from 'antd';

export interface CapSwatchProps {
  /** '#rrggbb' as the catalogue prints it on labels. */
  hex?: string;
  /** The cap colour's name (紫色) and the tube's (EDTA-K2 抗凝管). */
  colourName?: string;
  tubeName?: string;
  /** Only the dot, the names in its tooltip. */
  compact?: boolean;
  /** The tube's name without the colour's (narrow table cells); the colour is in the tooltip. */
  short?: boolean;
}

/** The tube's cap colour as a dot, as nurses pick tubes by it; white caps get an outline so they show. */
export function CapSwatch({ hex, colourName, tubeName, compact, short }: CapSwatchProps) {
  const dot = (
    <span
      data-testid="cap-swatch"
      data-colour={colourName}
      aria-label={colourName}
      style={{ display: 'inline-block', width: 14, height: 14, borderRadius: '50%', background: hex ?? 'transparent', border: '1px solid rgba(0,0,0,0.35)', verticalAlign: 'middle', flex: 'none' }}
    />
  );
  if (compact) return <Tooltip title={[colourName, tubeName].filter(Boolean).join(' · ')}>{dot}</Tooltip>;
  return (
    <Tooltip title={short ? colourName : undefined}>
      <Space size={6}>
        {dot}
        <span>{[tubeName, colourName && !short ? `(${colourName})` : undefined].filter(Boolean).join(' ')}</span>
      </Space>
    </Tooltip>
  );
}
