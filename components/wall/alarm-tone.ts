"use client";
/**
 * The wall's alarm tone, synthesised with WebAudio (no sound file, nothing fetched): three short
 * two-tone beeps, loud enough to turn heads, short enough not to annoy. Browsers start audio only
 * after a user gesture unless the kiosk allows autoplay (Chromium:
 * `--autoplay-policy=no-user-gesture-required`); a blocked context fails silently.
 */
let ctx: AudioContext | null = null;

export function playAlarmTone(): void {
  if (typeof window === "undefined" || typeof window.AudioContext !== "function") return;
  try {
    ctx ??= new AudioContext();
    const ac = ctx;
    void ac.resume().catch(() => undefined);
    const t0 = ac.currentTime + 0.05;
    for (let i = 0; i < 3; i++) {
      for (const [j, freq] of [880, 660].entries()) {
        const at = t0 + i * 0.6 + j * 0.2;
        const osc = ac.createOscillator();
        const gain = ac.createGain();
        osc.type = "square";
        osc.frequency.value = freq;
        // A short attack and release: no clicks.
        gain.gain.setValueAtTime(0, at);
        gain.gain.linearRampToValueAtTime(0.18, at + 0.01);
        gain.gain.setValueAtTime(0.18, at + 0.17);
        gain.gain.linearRampToValueAtTime(0, at + 0.19);
        osc.connect(gain).connect(ac.destination);
        osc.start(at);
        osc.stop(at + 0.2);
      }
    }
  } catch {
    // No audio device or autoplay refused: the strip still flashes.
  }
}
