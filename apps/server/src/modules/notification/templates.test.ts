import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderTemplate, smsSign, templateNames, templates, templateVariables } from './templates.js';

const caseLink = 'https://12345.pingshan.gov.cn/portal/track/PS20261125001?t=abc';

describe('message templates', () => {
  it('render the acceptance notice in Chinese with the case number, time limit and link', () => {
    expect(
      renderTemplate('case_accepted', 'zh-CN', {
        number: 'PS20261125001',
        timeLimit: '3个工作日',
        trackingUrl: caseLink,
      }),
    ).toBe(
      `【坪山区12345】您反映的诉求已受理，工单号：PS20261125001，我们将在3个工作日内办理并答复。办理进度请查询：${caseLink}`,
    );
  });

  it('render the acceptance notice in English', () => {
    expect(
      renderTemplate('case_accepted', 'en-US', {
        number: 'PS20261125001',
        timeLimit: '3 working days',
        trackingUrl: caseLink,
      }),
    ).toBe(
      `[Pingshan 12345] Your request has been accepted. Case number: PS20261125001. We will handle it and reply within 3 working days. Track its progress: ${caseLink}`,
    );
  });

  it('say what a portal verification code is for, in the language of the message', () => {
    expect(renderTemplate('verification_code', 'zh-CN', { code: '482913', minutes: 5, purpose: 'my_cases' })).toBe(
      '【坪山区12345】验证码482913，用于查询您的诉求，5分钟内有效。请勿将验证码告诉他人；如非本人操作，请忽略本短信。',
    );
    expect(renderTemplate('verification_code', 'en-US', { code: '482913', minutes: 5, purpose: 'report' })).toMatch(
      /^\[Pingshan 12345\] Your code is 482913, to send your report; valid for 5 minutes\./,
    );
    expect(() => renderTemplate('verification_code', 'zh-CN', { code: '1', minutes: 5, purpose: 'login' })).toThrow(
      /purpose must be one of report, my_cases, group/,
    );
  });

  it('show the kind of a unit notice in the language of the message, from its stable code', () => {
    const payload = { kind: 'urge', number: 'PS20261125001', reason: '距办理时限不足4小时' };
    expect(renderTemplate('unit_notice', 'zh-CN', payload)).toBe('【催办】工单PS20261125001：距办理时限不足4小时');
    expect(renderTemplate('unit_notice', 'en-US', { ...payload, kind: 'escalation', reason: 'overdue' })).toBe(
      '[Escalation] Case PS20261125001: overdue',
    );
    expect(() => renderTemplate('unit_notice', 'zh-CN', { ...payload, kind: 'praise' })).toThrow(
      /kind must be one of urge, supervise, escalation/,
    );
  });

  it('refuse to render with a missing variable, naming each one', () => {
    expect(() => renderTemplate('case_accepted', 'zh-CN', { number: 'PS20261125001' })).toThrow(
      'template case_accepted: missing variable timeLimit; missing variable trackingUrl',
    );
    expect(() => renderTemplate('verification_code', 'en-US', { code: '', purpose: 'report', minutes: 5 })).toThrow(
      /missing variable code/,
    );
  });

  it('never expand placeholders that arrive inside a value', () => {
    expect(renderTemplate('case_replied', 'zh-CN', { number: '{trackingUrl}', trackingUrl: 'https://x/' })).toBe(
      '【坪山区12345】您反映的诉求（工单号：{trackingUrl}）承办单位已答复，请点击查看：https://x/',
    );
  });

  it('use the same variables in Chinese and English', () => {
    for (const name of templateNames) {
      expect(placeholdersOf(templates[name].en).sort(), name).toEqual(placeholdersOf(templates[name].zh).sort());
    }
  });

  it('start every citizen message with the SMS sign, and link it where a case is involved', () => {
    for (const name of templateNames.filter((n) => n !== 'unit_notice')) {
      expect(templates[name].zh.startsWith(smsSign.zh), name).toBe(true);
      expect(templates[name].en.startsWith(`${smsSign.en} `), name).toBe(true);
      if (name !== 'verification_code')
        expect(templateVariables(name), name).toEqual(expect.arrayContaining(['number', 'trackingUrl']));
    }
    expect(templateVariables('case_accepted')).toEqual(['number', 'timeLimit', 'trackingUrl']);
  });
});
