// A value that follows another once it has stopped changing for a moment: typing asks the book
// once per pause, not once per key.
import { useEffect, useState } from "react";

export function useSettled<T>(value: T, pauseMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), pauseMs);
    return () => clearTimeout(timer);
  }, [value, pauseMs]);
  return settled;
}
