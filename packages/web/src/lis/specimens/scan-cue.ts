/**
 * The sound of a scan, so the receptionist need not look up from the rack: one high beep when a tube is taken, two
 * middle beeps for a repeat, a low buzz for anything refused. Web Audio, no files; silent where audio is blocked.
 */
export type CueTone = 'success' | 'warning' | 'error';

const PATTERNS: Record<CueTone, { hz: number; ms: number; gap: number; count: number; wave: OscillatorType }> = {
  success: { hz: 1320, ms: 90, gap: 0, count: 1, wave: 'sine' },
  warning: { hz: 880, ms: 80, gap: 70, count: 2, wave: 'sine' },
  error: { hz: 180, ms: 420, gap: 0, count: 1, wave: 'square' },
};

let context: AudioContext | undefined;

export function playCue(tone: CueTone): void {
  try {
    context ??= new AudioContext();
    const ctx = context;
    if (ctx.state === 'suspended') void ctx.resume();
    const p = PATTERNS[tone];
    let at = ctx.currentTime;
    for (let i = 0; i < p.count; i++) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = p.wave;
      osc.frequency.value = p.hz;
      gain.gain.setValueAtTime(0.12, at);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + p.ms / 1000);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + p.ms / 1000);
      at += (p.ms + p.gap) / 1000;
    }
  } catch {
    // No audio device or autoplay refused: the colour cue still shows.
  }
}
