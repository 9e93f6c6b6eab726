/**
 * Password rules of 等保 2.0 level 3 (GB/T 22239-2019, 身份鉴别: 口令复杂度, 定期更换),
 * checked wherever a password is SET (own change, an administrator creating
 * an account or resetting its password). Hashes already stored are not
 * re-judged: the demo accounts keep Demo@2026. The SPA runs the same checks
 * before sending, so the messages are the same on both sides.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const PASSWORD_RULE_MESSAGES = {
  tooShort: `密码至少 ${PASSWORD_MIN_LENGTH} 位`,
  tooLong: `密码最多 ${PASSWORD_MAX_LENGTH} 位`,
  classes: "密码须包含大写字母、小写字母、数字、符号中的至少 3 类",
  controlCharacters: "密码不能包含控制字符或不可见字符",
  containsUsername: "密码不能包含用户名",
  predictable: "密码过于常见或有规律（常用词、键盘顺序、连续或重复的字符、年份），请换一个不易猜到的密码",
} as const;

/** One line for the forms' help text. */
export const PASSWORD_RULES_HINT =
  `至少 ${PASSWORD_MIN_LENGTH} 位，含大写字母、小写字母、数字、符号中的至少 3 类；不能包含用户名，不能是常见或有规律的密码`;

/**
 * The rules a new password breaks, as messages (empty when it is acceptable).
 * `username` is the account's, when known: the password may not contain it.
 */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(PASSWORD_RULE_MESSAGES.tooShort);
  if (length > PASSWORD_MAX_LENGTH) problems.push(PASSWORD_RULE_MESSAGES.tooLong);
  // Cc: C0/C1 controls (NUL, tab, newline…); Cf: invisible format characters (zero-width space…).
  if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(password)) problems.push(PASSWORD_RULE_MESSAGES.controlCharacters);
  if (characterClasses(password) < 3) problems.push(PASSWORD_RULE_MESSAGES.classes);
  const name = username?.trim().toLowerCase();
  if (name && name.length >= 3 && password.toLowerCase().includes(name)) problems.push(PASSWORD_RULE_MESSAGES.containsUsername);
  if (length <= PASSWORD_MAX_LENGTH && isPredictable(password)) problems.push(PASSWORD_RULE_MESSAGES.predictable);
  return problems;
}

/** Upper-case letters, lower-case letters, digits, anything else (symbols, spaces, Chinese characters). */
function characterClasses(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * A password is predictable when, once the parts a guesser tries first are
 * taken out (common words and passwords, also in l33t spelling; keyboard
 * rows and columns; alphabet and digit runs, either way; one character
 * repeated; a block repeated; years), too little is left: each such part
 * counts as one character, each other character as one, and at least
 * MIN_UNPREDICTABLE must remain. So "Abcdefg123!", "Qwerty@2026", "P@ssw0rd2026"
 * and "Aa1!Aa1!Aa1!" are refused; "Wenquan2026" or a random string is not.
 */
const MIN_UNPREDICTABLE = 6;

export function isPredictable(password: string): boolean {
  const text = password.toLowerCase();
  const covered = new Array<boolean>(text.length).fill(false);
  let parts = 0;
  const cover = (start: number, end: number) => {
    if (covered.slice(start, end).every(Boolean)) return;
    parts++;
    for (let i = start; i < end; i++) covered[i] = true;
  };
  for (const [start, end] of findPatterns(text)) cover(start, end);
  const rest = covered.filter((c) => !c).length;
  return rest + parts < MIN_UNPREDICTABLE;
}

/** [start, end) of every pattern found, longest first so a long run is one part. */
function findPatterns(text: string): [number, number][] {
  const found: [number, number][] = [];
  const unleet = [...text].map((c) => LEET[c] ?? c).join("");
  for (const word of COMMON_WORDS) {
    for (const source of [text, unleet]) {
      let at = source.indexOf(word);
      while (at !== -1) {
        found.push([at, at + word.length]);
        at = source.indexOf(word, at + 1);
      }
    }
  }
  for (const line of SEQUENCES) {
    for (const s of [line, [...line].reverse().join("")]) found.push(...runsWithin(text, s));
  }
  for (const m of text.matchAll(/(.)\1{2,}/gu)) found.push([m.index, m.index + m[0].length]);
  // A block of two or more characters said again: only the repeats are covered.
  for (const m of text.matchAll(/(.{2,}?)\1+/gu)) found.push([m.index + m[1]!.length, m.index + m[0].length]);
  for (const m of text.matchAll(/(19|20)\d\d/g)) found.push([m.index, m.index + 4]);
  return found.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
}

/** Substrings of `text` of 3 or more characters that are consecutive in `line`. */
function runsWithin(text: string, line: string): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < text.length) {
    let best = 0;
    let at = line.indexOf(text[i]!);
    while (at !== -1) {
      let n = 1;
      while (i + n < text.length && at + n < line.length && line[at + n] === text[i + n]) n++;
      best = Math.max(best, n);
      at = line.indexOf(text[i]!, at + 1);
    }
    if (best >= 3) {
      runs.push([i, i + best]);
      i += best;
    } else i++;
  }
  return runs;
}

const SEQUENCES = [
  "abcdefghijklmnopqrstuvwxyz",
  "01234567890",
  // Keyboard rows, shifted digits, and the columns read top-down (1qaz2wsx…).
  "`1234567890-=",
  "~!@#$%^&*()_+",
  "qwertyuiop[]\\",
  "asdfghjkl;'",
  "zxcvbnm,./",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
  "!qaz@wsx#edc$rfv%tgb^yhn&ujm*ik<(ol>)p:?",
];

const LEET: Record<string, string> = { "@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t", "+": "t", "9": "g", "8": "b" };

/**
 * Words and numbers that lists of leaked passwords (international and
 * Chinese: pinyin, 520/1314, brands, places, office words) start with.
 * Lower case; matched anywhere in the password and in its l33t reading.
 */
const COMMON_WORDS = [
  // international top passwords and their stems
  "password", "passwd", "passw", "pass", "admin", "administrator", "root", "user", "guest", "test", "demo", "login", "welcome",
  "letmein", "iloveyou", "love", "monkey", "dragon", "master", "shadow", "sunshine", "princess", "football", "baseball",
  "superman", "batman", "trustno", "hello", "secret", "default", "changeme", "system", "manager", "access", "qwerty",
  "azerty", "abc", "lucky", "happy", "summer", "winter", "spring", "autumn", "flower", "angel", "computer", "internet",
  "killer", "freedom", "whatever", "starwars", "michael", "jordan", "charlie", "google", "apple", "samsung", "microsoft",
  "windows", "server", "oracle", "mysql", "postgres", "database", "office", "company", "china", "chinese",
  // Chinese pinyin and numbers
  "woaini", "aini", "wode", "mima", "mimi", "zhongguo", "beijing", "shanghai", "guangzhou", "shenzhen", "shandong",
  "weihai", "linyi", "jinan", "qingdao", "huawei", "xiaomi", "tencent", "baidu", "taobao", "alibaba", "weixin", "wechat",
  "qq", "520", "521", "1314", "5201314", "woshi", "nihao", "haha", "hehe", "guanli", "guanliyuan", "xitong", "zhanghao",
  "yonghu", "kaixin", "xingfu", "pingan", "fupin", "fanpin", "jiancha", "zhengfu", "gongzuo", "danwei", "dangjian",
];
