// The user's rights: cancelling the account (注销账号, with the in-app path when given), and access, correction,
// deletion and withdrawing consent. Deleting some data is not cancelling the account.
import type { Answer, PolicyAnalysis } from './types.ts';
import type { Sentence } from './structure.ts';
import { answer, find, isRightsSummary, span } from './answer-util.ts';

/** How directly a sentence tells the user how to cancel: an in-app walk (its inAppPath), then "您可以…申请/通过". */
function cancelRank(t: string, path: string | null): number {
  return (path !== null ? 4 : 0) + (/(?:您|你)[^，。；]{0,6}(?:可以|可|有权)/.test(t) ? 2 : 0) + (/申请|联系|提交|点击|进入/.test(t) ? 1 : 0);
}


/** The in-app path of a menu walk: 「我的」-「设置」-「注销账号」, 我的>设置>账号与安全, 【我】→【设置】. */
function inAppPath(text: string): string | null {
  const item = String.raw`[“"「『【《‘]?[^\s“”"「」『』【】《》‘’，。；、>＞\-—→]{1,12}[”"」』】》’]?`;
  const re = new RegExp(`${item}(?:\\s*(?:-+|—+|>|＞|→|->|－|/)\\s*${item}){1,6}`, 'g');
  let best: string | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const s = m[0].trim();
    // A real walk has a menu word; "IMEI/MAC" or a date range does not.
    if (!/我的|设置|账号|帐号|账户|个人中心|隐私|安全|注销|管理|首页|更多|我/.test(s)) continue;
    if (best === null || s.length > best.length) best = s;
  }
  return best;
}


export function answerRights(
  sentences: readonly Sentence[],
): Pick<PolicyAnalysis, 'accountDeletion' | 'access' | 'correction' | 'deletion' | 'withdrawConsent'> {
  // Account cancellation: a way to cancel the account, not deleting some data.
  const cancelCandidates = sentences.filter(
    (s) =>
      /注销/.test(s.text) &&
      // An in-app walk to a 注销 entry is a way to cancel even when the sentence does not say 账号.
      (/账号|帐号|账户|帐户|用户|会员/.test(s.text) ||
        (s.section !== null && /注销/.test(s.section)) ||
        /注销/.test(inAppPath(s.text) ?? '') ||
        /[“"「【『]注销[^”"」】』]{0,6}[”"」】』][^，。；]{0,4}(?:功能|按钮|入口|菜单|选项)/.test(s.text)) &&
      /可以|可|申请|通过|路径|操作|点击|进入|提交|联系|方式|功能|入口|有权/.test(s.text) &&
      !/(?:不支持|无法|不提供|暂不)[^，。；]{0,6}注销/.test(s.text) &&
      !isRightsSummary(s.text),
  );
  // Each sentence's path and rank once, not on every comparison of the sort.
  const ranked = cancelCandidates
    .map((s) => {
      const path = inAppPath(s.text);
      return { s, path, rank: cancelRank(s.text, path) };
    })
    .sort((a, b) => b.rank - a.rank);
  const cancelSentences = ranked.map((c) => c.s);
  const path = ranked.find((c) => c.path !== null)?.path ?? null;

  const rights = (re: RegExp): Answer =>
    answer(find(sentences, (s) => re.test(s.text) && /您|你|用户/.test(s.text) && /可以|可|有权|通过|方式|申请|请求|路径/.test(s.text)));


  return {
    accountDeletion: { value: cancelSentences.length > 0, evidence: cancelSentences.slice(0, 3).map(span), inAppPath: path },
    access: rights(/访问|查询|查阅|查看|获取副本|复制/),
    correction: rights(/更正|修改|修正|补充|完善/),
    deletion: rights(/删除/),
    withdrawConsent: rights(/撤回|撤销|收回|改变[^，。；]{0,6}授权|关闭[^，。；]{0,10}权限|取消[^，。；]{0,6}授权/),
  };
}
