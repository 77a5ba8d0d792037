// Demo site behaviour: the language switcher (page copy and every <lead-qualifier>) and the
// enhanced contact form. External file, so the pages run under a strict CSP.
import { enhanceForm } from '../enhance-form.min.js';
import '../lead-results.min.js';

const COPY = {
  en: {
    nav_product: 'Product',
    nav_roi: 'ROI calculator',
    nav_contact: 'Contact sales',
    nav_scorecard: 'Sales scorecard',
    eyebrow: 'Accounts payable automation',
    headline: 'Close the books three days sooner.',
    lede: 'Ledgerline reads every supplier invoice, matches it to the purchase order and routes it for approval — so your finance team stops typing and starts analysing.',
    proof_1: 'invoices processed a year',
    proof_2: 'average touch-free rate',
    proof_3: 'finance teams',
    features_title: 'Why finance teams switch',
    f1_t: 'Capture without templates',
    f1_b: 'Invoices from email, PDF or paper are read in seconds, in 30 languages.',
    f2_t: 'Three-way match',
    f2_b: 'Purchase order, receipt and invoice reconciled before anyone looks.',
    f3_t: 'Approvals in Slack and Teams',
    f3_b: 'Approvers say yes where they already work; nothing waits in an inbox.',
    f4_t: 'Ready for audit',
    f4_b: 'Every change is logged; SOC 2 Type II and ISO 27001 certified.',
    band: 'How much would automation save you?',
    band_link: 'Try the ROI calculator →',
    roi_title: 'ROI calculator',
    roi_lede: 'An estimate in ten seconds, based on your invoice volume and costs.',
    scorecard_title: 'Discovery scorecard',
    scorecard_lede: 'For our account executives: score a first call with MINDA and hand it to the CRM.',
    contact_title: 'Talk to our team',
    contact_lede: 'Tell us about your finance team. We answer within one working day.',
    footer: '© 2026 Ledgerline, Inc. — a fictional company for the leadqual demo.',
    f_name: 'Full name',
    f_email: 'Work email',
    f_size: 'Company size',
    f_choose: 'Choose…',
    f_1000: '1,000 or more',
    f_erp: 'Which ERP do you use?',
    f_other: 'Other',
    f_help: 'How can we help?',
    f_demo: 'I would like a demo',
    f_consent: 'Ledgerline may contact me about this request.',
    f_send: 'Send',
    thanks_t: 'Thank you',
    thanks_b: 'We received your request and will answer within one working day.',
    live_score: 'Lead score {score}',
  },
  ja: {
    nav_product: '製品',
    nav_roi: 'ROI 計算',
    nav_contact: 'お問い合わせ',
    nav_scorecard: '営業スコアカード',
    eyebrow: '請求書処理の自動化',
    headline: '月次決算を3日早く。',
    lede: 'Ledgerline は仕入先の請求書を読み取り、発注書と照合し、承認へ回します。経理チームは入力作業から分析へ。',
    proof_1: '件の請求書を年間処理',
    proof_2: '平均タッチレス率',
    proof_3: '社の経理チーム',
    features_title: '経理チームが選ぶ理由',
    f1_t: 'テンプレート不要の読み取り',
    f1_b: 'メール・PDF・紙の請求書を30言語で数秒で読み取ります。',
    f2_t: '3点照合',
    f2_b: '発注書・検収・請求書を自動で照合します。',
    f3_t: 'Slack や Teams で承認',
    f3_b: '承認者は普段のツールで承認できます。',
    f4_t: '監査対応',
    f4_b: 'すべての変更を記録。SOC 2 Type II・ISO 27001 認証取得。',
    band: '自動化でどれだけ削減できますか?',
    band_link: 'ROI を計算する →',
    roi_title: 'ROI 計算',
    roi_lede: '請求書の件数とコストから10秒で試算します。',
    scorecard_title: 'ディスカバリー・スコアカード',
    scorecard_lede: '営業担当者向け: 初回商談を MINDA で評価し CRM に送ります。',
    contact_title: 'お問い合わせ',
    contact_lede: '経理チームについてお聞かせください。1営業日以内にご連絡します。',
    footer: '© 2026 Ledgerline, Inc. — leadqual デモ用の架空の会社です。',
    f_name: '氏名',
    f_email: '勤務先のメールアドレス',
    f_size: '従業員数',
    f_choose: '選択してください…',
    f_1000: '1,000人以上',
    f_erp: 'ご利用の ERP は?',
    f_other: 'その他',
    f_help: 'ご用件',
    f_demo: 'デモを希望する',
    f_consent: '本件について Ledgerline から連絡を受けることに同意します。',
    f_send: '送信',
    thanks_t: 'ありがとうございます',
    thanks_b: 'お問い合わせを受け付けました。1営業日以内にご連絡します。',
    live_score: 'リードスコア {score}',
  },
  zh: {
    nav_product: '产品',
    nav_roi: 'ROI 计算器',
    nav_contact: '联系销售',
    nav_scorecard: '销售评分卡',
    eyebrow: '应付账款自动化',
    headline: '月结提前三天完成。',
    lede: 'Ledgerline 读取每一张供应商发票，与采购订单匹配并送审——让财务团队从录入转向分析。',
    proof_1: '张发票/年',
    proof_2: '平均免触处理率',
    proof_3: '个财务团队',
    features_title: '财务团队为何选择我们',
    f1_t: '无需模板即可识别',
    f1_b: '邮件、PDF 或纸质发票，30 种语言，数秒读取。',
    f2_t: '三单匹配',
    f2_b: '采购订单、收货单与发票自动核对。',
    f3_t: '在 Slack 和 Teams 中审批',
    f3_b: '审批人在常用工具中即可批准。',
    f4_t: '随时应对审计',
    f4_b: '所有变更均有记录；通过 SOC 2 Type II 与 ISO 27001 认证。',
    band: '自动化能为您节省多少？',
    band_link: '试试 ROI 计算器 →',
    roi_title: 'ROI 计算器',
    roi_lede: '根据您的发票量和成本，十秒得出估算。',
    scorecard_title: '探索评分卡',
    scorecard_lede: '供客户经理使用：用 MINDA 为首次通话打分并同步到 CRM。',
    contact_title: '联系我们的团队',
    contact_lede: '请介绍您的财务团队，我们将在一个工作日内回复。',
    footer: '© 2026 Ledgerline, Inc. — leadqual 演示用的虚构公司。',
    f_name: '姓名',
    f_email: '工作邮箱',
    f_size: '公司规模',
    f_choose: '请选择…',
    f_1000: '1000 人以上',
    f_erp: '您使用哪种 ERP？',
    f_other: '其他',
    f_help: '我们能帮您什么？',
    f_demo: '我想预约演示',
    f_consent: '我同意 Ledgerline 就此请求与我联系。',
    f_send: '发送',
    thanks_t: '谢谢',
    thanks_b: '我们已收到您的请求，将在一个工作日内回复。',
    live_score: '线索评分 {score}',
  },
};

function setLanguage(lang) {
  const copy = COPY[lang] || COPY.en;
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-t]')) {
    const text = copy[el.dataset.t];
    if (text) el.textContent = text;
  }
  for (const widget of document.querySelectorAll('lead-qualifier')) widget.setAttribute('lang', lang);
  for (const button of document.querySelectorAll('.langs button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
  document.dispatchEvent(new Event('demo:language'));
  try {
    localStorage.setItem('demo-lang', lang);
  } catch {
    // storage may be blocked; the choice then lasts for this page only
  }
}

const stored = (() => {
  try {
    return localStorage.getItem('demo-lang');
  } catch {
    return null;
  }
})();
const initial = new URLSearchParams(location.search).get('lang') || stored || 'en';
setLanguage(COPY[initial] ? initial : 'en');
for (const button of document.querySelectorAll('.langs button')) {
  button.addEventListener('click', () => setLanguage(button.dataset.lang));
}

// The contact page: a plain HTML form that leadqual scores while the visitor types.
const form = document.querySelector('form[data-leadqual-model]');
if (form) {
  const live = document.getElementById('live-score');
  const controller = await enhanceForm(form, {
    model: form.dataset.leadqualModel,
    endpoint: form.dataset.leadqualEndpoint,
  });
  const show = (result) => {
    const copy = COPY[document.documentElement.lang] || COPY.en;
    live.textContent = copy.live_score.replace('{score}', result.score);
  };
  show(controller.result);
  form.addEventListener('leadqual:change', (event) => show(event.detail.result));
  document.addEventListener('demo:language', () => show(controller.result));
  form.addEventListener('submit', (event) => {
    // A real page would let the form post to its CRM; the demo shows the model's results page
    // (<lead-results>) in place: the stage's message, the computed values and the breakdown.
    event.preventDefault();
    const thanks = document.getElementById('thanks');
    const results = document.createElement('lead-results');
    results.show({ model: controller.qualifier.model, result: controller.result });
    thanks.replaceChildren(results);
    form.hidden = true;
    thanks.hidden = false;
    results.focus();
  });
}
