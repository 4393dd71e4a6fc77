// Adds DOM matchers such as toBeInTheDocument() and toHaveTextContent() to expect().
import '@testing-library/jest-dom/vitest';
