package org.renraku.audit.entity;

/** What happened, in the audit log of a network's console (or of the service, for operators). */
public enum AuditKind {
    LOGIN,
    LOGOUT,
    LOGIN_FAILED,
    /** Refused because another admin holds the console (現在、他の管理者が使用中です). */
    LOGIN_REFUSED_IN_USE,
    /** Refused because of repeated failures; no longer recorded (throttling only slows logins down), kept for older entries. */
    LOGIN_REFUSED_THROTTLED,
    /** 「現在使用中を無視」: the actor displaced the subject. */
    TAKEOVER,
    /** The console was freed because its session was idle too long. */
    SESSION_EXPIRED,
    PASSWORD_CHANGED,
    PASSWORD_RESET_REQUESTED,
    PASSWORD_RESET,
    ADMIN_INVITED,
    ADMIN_ACTIVATED,
    ADMIN_REMOVED,
    OPERATOR_LOGIN,
    OPERATOR_LOGOUT,
    NETWORK_CREATED,
    NOTICE_POSTED,
    NOTICE_WITHDRAWN,
    /** The admin suspended a member (no more mail until reactivated). */
    MEMBER_SUSPENDED,
    MEMBER_REACTIVATED,
    /** The admin deleted a member (a real delete, or status LEFT when mail was delivered to it). */
    MEMBER_DELETED,
    /** The admin switched between masked and full addresses in the member table. */
    MEMBER_ADDRESSES_SHOWN,
    MEMBER_ADDRESSES_MASKED,
    /** Members added from a CSV file (the detail says how many). */
    MEMBERS_IMPORTED,
    /** The member list was downloaded as CSV (with full addresses). */
    MEMBERS_EXPORTED,
    /** A yearly roll-over (年度切り替え) of an attribute's values (the detail has the count of every change). */
    MEMBERS_ROLLED_OVER,
    /** The admin opened or closed joining or changed the join password (the detail: open/closed, password yes/no). */
    JOINING_CHANGED,
    /** 代行登録: the admin registered a member, who stays PENDING until they confirm by the mailed link. */
    MEMBER_PROXY_REGISTERED,
    /** The admin switched the mail about new inquiries (問い合わせ) on or off (detail: on/off). */
    INQUIRY_NOTICE_CHANGED,
    /** The admin generated the DKIM key of the sending domain (a first key, or a rotation: detail has the selectors). */
    DKIM_KEY_GENERATED,
    /** The admin sent a broadcast now or scheduled it (the detail: now, or the time). */
    BROADCAST_STARTED,
    /** The admin paused a broadcast being sent. */
    BROADCAST_PAUSED,
    /** The admin resumed a paused broadcast. */
    BROADCAST_RESUMED,
    /** The admin cancelled a broadcast (the detail: how many deliveries were left unsent). */
    BROADCAST_CANCELLED,
    /** The admin stopped a monthly repeating broadcast (detail: the rule). */
    BROADCAST_REPEAT_STOPPED,
    /** 代理配信: a broadcast posted by mail to the posting address was started (detail: recipients). */
    BROADCAST_POSTED_BY_MAIL,
    /** The admin marked a member as a delegated sender (代理配信者) or took the mark away (detail: on/off). */
    MEMBER_DELEGATED_SENDER_CHANGED,
    /** A sender's posting address (代理配信用アドレス) was made anew; the old one no longer works. */
    POSTING_ADDRESS_REGENERATED,
    /** The bounce policy suspended a member (actor "system"; the detail: the bounce reason and the rule). */
    MEMBER_SUSPENDED_BY_BOUNCE,
    /** A complaint (ARF, 迷惑メール報告) unsubscribed a member (actor "system"). */
    MEMBER_LEFT_BY_COMPLAINT,
    /** The admin changed the network's bounce settings (detail: hard on/off, soft N in M days). */
    BOUNCE_SETTINGS_CHANGED,
    /** A monthly test mail (配信テスト) was made and started, by the schedule (actor "system") or on demand. */
    TEST_MAIL_SENT,
    /** The admin changed the network's test mail settings (detail: on/off, day, suspend/delete). */
    TEST_MAIL_SETTINGS_CHANGED,
    /** The admin changed whether new broadcasts start public in the archive (バックナンバー; detail: on/off). */
    ARCHIVE_DEFAULT_CHANGED,
    /** The admin made a new address of the archive's Atom feed; the old one no longer works. */
    ARCHIVE_FEED_ROTATED,
    /** The admin made a broadcast public in the archive or took it out (detail: public/private). */
    BROADCAST_ARCHIVE_CHANGED,
    /**
     * A re-send (再送) of a broadcast to its members who have not answered was made and started, by the schedule
     * (actor "system") or on demand (the detail: the re-send's id, how many, automatic or on demand).
     */
    BROADCAST_RESENT,
    /**
     * The admin revoked a member's personal links (a link was leaked or forwarded): links sent before no longer
     * work, and a delegated sender's posting address changes too.
     */
    MEMBER_LINKS_REVOKED,
    /**
     * A member undid an address change from the notice sent to their former address (actor "member #id"): the
     * former address is back and the personal links sent before are revoked.
     */
    MEMBER_ADDRESS_RESTORED,
    /**
     * The admin lifted a suppression (配信停止の解除) with a reason (the detail: the suppression's reason and the
     * admin's text). A complaint or an unsubscription waits for the member's confirmation by link.
     */
    SUPPRESSION_LIFTED,
    /** The member confirmed, by the mailed link, the lift of their complaint or unsubscription (actor "member"). */
    SUPPRESSION_LIFT_CONFIRMED,
    /**
     * The operator set, changed or removed the mail address that receives their reset links (the
     * detail: set, changed or removed; never the address itself).
     */
    OPERATOR_EMAIL_CHANGED,
    /**
     * The admin marked a broadcast as 緊急配信 (ahead of every normal broadcast to each carrier, no quiet minutes
     * after the hour) or took the mark away (the subject: the broadcast, the detail: on/off).
     */
    BROADCAST_URGENT,
    /** The operator changed a carrier group's limits (subject: the group, detail: what changed). */
    CARRIER_LIMITS_CHANGED,
    /** The operator ended a carrier group's pause after throttling replies (subject: the group). */
    CARRIER_GROUP_RESUMED,
    /** The operator generated a new, inactive DKIM key of a service sending domain (subject: the domain). */
    SERVICE_DKIM_KEY_GENERATED,
    /** The operator activated a service DKIM key after DNS published it (detail: selectors). */
    SERVICE_DKIM_KEY_ACTIVATED,
    /** The admin named the network's own sending domain (subject: the domain). */
    NETWORK_DOMAIN_CLAIMED,
    /** DNS showed the proof token of the network's own sending domain (subject: the domain). */
    NETWORK_DOMAIN_VERIFIED,
    /** The admin activated the network's own DKIM key after DNS published it (detail: selectors). */
    NETWORK_DKIM_KEY_ACTIVATED,
    /**
     * The admin edited a member on the member's edit page (subject: the member, detail: each changed field
     * before → after, the 役員メモ only as "memo: changed", never its text).
     */
    MEMBER_EDITED,
    /** The admin turned the personal-page link at the foot of the network's broadcasts on or off. */
    BROADCAST_FOOTER_CHANGED,
    /** The operator suspended a network: console, member pages, mail intake and sending stop. */
    NETWORK_SUSPENDED,
    /** The operator reopened a suspended network. */
    NETWORK_REOPENED,
    /** The operator renamed a network (detail: old name -> new name). */
    NETWORK_RENAMED,
    /** An admin of a suspended network was refused at login. */
    LOGIN_REFUSED_SUSPENDED,
    /** An admin printed the join sheet (入会案内: the home checklist ticks from it). */
    JOIN_SHEET_PRINTED,
    /** An admin sent a broadcast's test mail to their own address (subject: the broadcast). */
    BROADCAST_TEST_SENT
}
