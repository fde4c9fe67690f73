import type { Language } from '../language';

/** Short opinions in the languages of Isesaki's residents, written by hand. */
export const LANGUAGE_TEXTS: readonly { language: Language; text: string }[] = [
  { language: 'ja', text: 'コミュニティバスの本数を増やしてください。' },
  { language: 'ja', text: '年少人口の目標について意見します。' },
  { language: 'zh', text: '希望增加社区巴士的班次，老年人出行很不方便。' },
  { language: 'zh', text: '请为外国居民提供中文的育儿信息。' },
  { language: 'ne', text: 'कृपया बसको संख्या बढाउनुहोस्। वृद्धहरूलाई धेरै गाह्रो छ।' },
  { language: 'vi', text: 'Tôi mong thành phố tăng số chuyến xe buýt cộng đồng cho người già.' },
  { language: 'vi', text: 'Xin hãy cung cấp thông tin nuôi con bằng tiếng Việt.' },
  { language: 'pt', text: 'Por favor, aumentem os ônibus comunitários. Não tenho carro e preciso ir ao hospital.' },
  { language: 'pt', text: 'Gostaria de mais informações em português sobre a creche para as crianças.' },
  { language: 'es', text: 'Por favor, aumenten los autobuses comunitarios. No tengo coche y es muy difícil ir al hospital.' },
  { language: 'es', text: '¿Hay información en español sobre las guarderías para los niños?' },
  { language: 'tl', text: 'Sana po ay dagdagan ang mga bus sa aming lugar dahil hindi kami makapunta sa ospital.' },
  { language: 'tl', text: 'Kailangan namin ng impormasyon sa Tagalog tungkol sa mga paaralan.' },
  { language: 'en', text: 'Please keep the community bus target. Many older people in our area depend on the bus.' },
  { language: 'en', text: 'The esports plan should show how it will benefit local businesses.' },
];
