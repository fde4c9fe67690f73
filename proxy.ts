import { NextResponse, type NextRequest } from 'next/server';
import { isKnownConsultationPath } from '@/lib/data/known-paths';

/** A path no route matches: Next.js renders app/not-found.tsx for it on the server, with 404. */
const NOT_FOUND_PATH = '/_not-found-rewrite';

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/consultations/') && !(await isKnownConsultationPath(pathname))) {
    return NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url));
  }
  return NextResponse.next();
}

export const config = {
  matcher: ['/consultations/:path+'],
};
