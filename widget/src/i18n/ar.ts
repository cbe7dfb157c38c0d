import type { Messages } from "./messages";

// tooLong avoids a counted noun ("… لا يتجاوز عدد أحرفها {count}"), which in Arabic would change
// its form and case with the number; so one sentence serves every plural category.
const tooLong = "الرسالة طويلة جدًا، يُرجى ألا يتجاوز عدد أحرفها {count}.";

export default {
  openChat: "فتح المحادثة",
  title: "تحدّث معنا",
  subtitle: "مساعد ذكاء اصطناعي",
  greeting: "مرحبًا! كيف يمكنني مساعدتك؟",
  placeholder: "اكتب رسالتك…",
  conversationOptions: "خيارات المحادثة",
  newConversation: "محادثة جديدة",
  closeChat: "إغلاق المحادثة",
  conversation: "المحادثة",
  you: "أنت:",
  assistant: "المساعد:",
  notSent: "لم تُرسَل",
  replyInterrupted: "انقطع الرد",
  stopped: "تم الإيقاف",
  typing: "المساعد يكتب…",
  message: "الرسالة",
  chatUnavailable: "المحادثة غير متاحة",
  stopGenerating: "إيقاف الرد",
  send: "إرسال",
  retry: "إعادة المحاولة",
  sources: "المصادر",
  readyAgain: "يمكنك إرسال الرسائل من جديد.",
  tooFast: "أنت ترسل الرسائل بسرعة كبيرة، حاول مرة أخرى {time}.",
  visitorLimit: "لقد بلغت الحد اليومي للرسائل، حاول مرة أخرى {time}.",
  siteLimit: "بلغ هذا الموقع الحد اليومي للمحادثات، عُد إلينا غدًا.",
  offline: "أنت غير متصل بالإنترنت. رسالتك محفوظة، أرسلها مجددًا عند عودة الاتصال.",
  reconnected: "عاد الاتصال. اضغط على «إعادة المحاولة» لإرسال رسالتك.",
  unreachable: "تعذّر الوصول إلى خدمة المحادثة حاليًا. تحقّق من اتصالك وحاول مرة أخرى.",
  interrupted: "انقطع الاتصال قبل اكتمال الرد.",
  busyWait: "المساعد مشغول حاليًا، حاول مرة أخرى {time}.",
  busy: "المساعد مشغول حاليًا. يُرجى المحاولة مرة أخرى.",
  providerError: "واجه المساعد مشكلة ولم يتمكن من الرد. يُرجى المحاولة مرة أخرى.",
  storeUnavailable: "خدمة المحادثة غير متاحة مؤقتًا. يُرجى المحاولة بعد قليل.",
  tooLong: { zero: tooLong, one: tooLong, two: tooLong, few: tooLong, many: tooLong, other: tooLong },
  somethingWrong: "حدث خطأ ما. يُرجى المحاولة مرة أخرى.",
} satisfies Messages;
