export const sessionCookieName = 'zhibao_session';
