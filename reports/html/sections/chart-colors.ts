/** One palette for every chart, distinguishable in greyscale print and by most colour-blind readers. */
export const CHART_COLORS = {
  primary: '#1f4e79',
  secondary: '#5b9bd5',
  alert: '#c55a11',
  neutral: '#a6aeb8',
  review: '#e0a526',
} as const;
