'use client';

// The root layout itself failed, so no message catalog is available here: plain Japanese.
export default function GlobalError() {
  return (
    <html lang="ja">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
        <h1>ただいま表示できません</h1>
        <p>一時的な問題が発生しました。時間をおいて、もう一度お試しください。</p>
        <p>
          {/* A full page load on purpose: the app shell itself failed. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a href="/">意見募集の一覧へ</a>
        </p>
      </body>
    </html>
  );
}
