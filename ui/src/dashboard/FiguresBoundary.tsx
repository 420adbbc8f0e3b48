// A failure while drawing the figures (e.g. the chart) must not blank the whole window: the rest
// of the dashboard stays, with a note in place of the figures.
import { Component, type ReactNode } from "react";

export class FiguresBoundary extends Component<{ children: ReactNode; fallback: (message: string) => ReactNode }, { error: string | null }> {
  state = { error: null as string | null };

  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  render() {
    return this.state.error !== null ? this.props.fallback(this.state.error) : this.props.children;
  }
}
