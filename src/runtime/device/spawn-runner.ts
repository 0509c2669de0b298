// The real CommandRunner: adb and frida as child processes (never a shell), each with a timeout. A tool that
// cannot be started is reported as missing, for the setup message.
import { spawn } from 'node:child_process';
import type { CommandRunner, LongProcess } from './run.ts';
import type { ActionResult, Cmd, Tool } from './steps.ts';

const OUTPUT_KEPT = 16 << 20;
// frida-tools is Python: printing into a pipe it buffers whole blocks, and the agent's consent marker would wait
// in the buffer while the run waits for it.
const ENV = { ...process.env, PYTHONUNBUFFERED: '1' };

export function spawnRunner(paths: Partial<Record<Tool, string>> = {}): CommandRunner {
  const bin = (t: Tool): string => paths[t] ?? t;
  return {
    run(cmd: Cmd): Promise<ActionResult> {
      return new Promise((resolve) => {
        const p = spawn(bin(cmd.tool), [...cmd.args], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
        let stdout = '';
        let stderr = '';
        p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(0, OUTPUT_KEPT)));
        p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(0, OUTPUT_KEPT)));
        const timer = cmd.timeoutMs > 0 ? setTimeout(() => p.kill('SIGKILL'), cmd.timeoutMs) : null;
        p.on('error', (e: NodeJS.ErrnoException) => {
          if (timer !== null) clearTimeout(timer);
          resolve({ code: null, stdout, stderr: `${bin(cmd.tool)}: ${e.message}`, missing: e.code === 'ENOENT' || e.code === 'EACCES' });
        });
        p.on('close', (code, signal) => {
          if (timer !== null) clearTimeout(timer);
          resolve({ code, stdout, stderr: signal === null ? stderr : `${stderr}\n${bin(cmd.tool)} ${cmd.args.join(' ')}: ended by ${signal}${signal === 'SIGKILL' ? ` after ${cmd.timeoutMs} ms` : ''}` });
        });
      });
    },
    start(cmd: Cmd, onOutput: (text: string) => void): LongProcess {
      const p = spawn(bin(cmd.tool), [...cmd.args], { stdio: ['pipe', 'pipe', 'pipe'], env: ENV });
      p.stdout.setEncoding('utf8').on('data', onOutput);
      p.stderr.setEncoding('utf8').on('data', onOutput);
      p.stdin.on('error', () => {});
      const exited = new Promise<number | null>((resolve) => {
        p.on('error', (e) => {
          onOutput(`Failed to spawn: ${bin(cmd.tool)}: ${e.message}\n`);
          resolve(null);
        });
        p.on('close', (code) => resolve(code));
      });
      let done = false;
      void exited.then(() => (done = true));
      return {
        exited,
        write(text: string): void {
          if (!done && p.stdin.writable) p.stdin.write(text);
        },
        async stop(): Promise<void> {
          if (done) return;
          p.stdin.end();
          p.kill('SIGTERM');
          const t = setTimeout(() => p.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(t);
        },
      };
    },
    sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)),
  };
}
