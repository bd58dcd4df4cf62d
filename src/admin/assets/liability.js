// The points liability page's charts (chart.js, loaded by the page): what the program owes at each
// month end, stacked (points' value and unused codes net of breakage), and the breakage by month.
// The page reads fully without it.

(() => {
  const data = document.getElementById('liability-data');
  const texts = document.getElementById('liability-texts');
  if (!data || !texts || typeof Chart === 'undefined') return;
  const d = JSON.parse(data.textContent);
  const t = JSON.parse(texts.textContent);
  const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'fi-FI';
  const euros = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  });
  const bars = (label, values, color) => ({
    label,
    data: values,
    backgroundColor: color,
    borderRadius: 3,
    maxBarThickness: 36,
  });
  const options = (stacked) => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: { duration: 250 },
    plugins: {
      legend: { display: stacked, position: 'bottom' },
      tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${euros.format(c.parsed.y)}` } },
    },
    scales: {
      x: { stacked, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
      y: { stacked, beginAtZero: true, ticks: { precision: 0, callback: (v) => euros.format(v) } },
    },
  });
  new Chart(document.getElementById('liability-owed'), {
    type: 'bar',
    data: {
      labels: d.labels,
      datasets: [bars(t.points, d.points, '#0f6e6e'), bars(t.codes, d.codes, '#d08c00')],
    },
    options: options(true),
  });
  new Chart(document.getElementById('liability-breakage'), {
    type: 'bar',
    data: { labels: d.labels, datasets: [bars(t.breakage, d.breakage, '#c2415d')] },
    options: options(false),
  });
})();
