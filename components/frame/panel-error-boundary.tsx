"use client";
/**
 * One boundary per panel: a render error blanks that panel only, never the wall. A failure is not
 * for good: Retry starts the panel afresh (and refetches), and so does new data (`resetKey`,
 * e.g. the data's as-of), since a render that threw on one answer may well succeed on the next.
 */
import { Component, type ErrorInfo, type ReactNode } from "react";

interface Props {
  /** What to show instead; `retry` clears the failure and calls `onRetry`. */
  fallback: (retry: () => void) => ReactNode;
  /** Called by `retry` too, e.g. to refetch the panel's data. */
  onRetry?: () => void;
  /** A change clears the failure: the children render again with the new props. */
  resetKey?: string;
  children: ReactNode;
}

interface State {
  failed: boolean;
  resetKey: string | undefined;
}

export class PanelErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { failed: false, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("[panel] render failed", error, info.componentStack);
  }

  readonly retry = (): void => {
    this.setState({ failed: false });
    this.props.onRetry?.();
  };

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback(this.retry) : this.props.children;
  }
}
