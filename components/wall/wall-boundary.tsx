"use client";
/**
 * Error boundary for unattended screens: shows what failed, then tries again by itself after
 * `retryMs`, and starts afresh whenever `resetKey` changes (next board, soft reload). Nobody is
 * there to press "retry".
 */
import { Component, useEffect, type ErrorInfo, type ReactNode } from "react";

interface Props {
  resetKey: string;
  retryMs: number;
  fallback: ReactNode;
  children: ReactNode;
}

interface State {
  failed: boolean;
  key: string;
}

function RetryLater({ ms, retry, children }: { ms: number; retry: () => void; children: ReactNode }) {
  useEffect(() => {
    const id = window.setTimeout(retry, ms);
    return () => window.clearTimeout(id);
  }, [ms, retry]);
  return children;
}

export class WallBoundary extends Component<Props, State> {
  override state: State = { failed: false, key: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { failed: false, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn("[wall] panel failed; retrying later", error, info.componentStack);
  }

  private readonly retry = () => this.setState({ failed: false });

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <RetryLater ms={this.props.retryMs} retry={this.retry}>
        {this.props.fallback}
      </RetryLater>
    );
  }
}
