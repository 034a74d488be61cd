/**
 * The English of every message the server answers with, keyed by its Chinese text as written in the source. A
 * template literal is keyed with `{}` where it interpolates; the English names the interpolated parts `{0}`,
 * `{1}` … in the order of the Chinese. Words that are interpolated into other messages (报表, 区县 …) have entries
 * of their own. `ui-messages.test.ts` fails when a message in the source has no entry here.
 */
export const englishMessages: Record<string, string> = {
  // Words interpolated into other messages
  报表: 'Filing',
  账号: 'Account',
  管理员账号: 'Administrator account',
  绑定申请: 'Binding request',
  文件: 'File',
  任务: 'Task',
  更正申请: 'Change request',
  企业: 'Enterprise',
  填报任务: 'Filing task',
  报表版本: 'Filing version',
  通知: 'Notice',
  地区: 'Region',
  上报记录: 'Submission record',
  审核层级设置: 'Review levels',
  任务申请: 'Task application',
  可申请的填报任务: 'Task open for application',
  批量审核通过: 'Batch approval',
  说明未被接受: 'Explanation not accepted',
  区县: 'county',
  市级: 'city',
  省级: 'province',
  部级: 'ministry',
  已通过: 'approved',
  未通过: 'refused',
  不予通过: 'refused',

  // Access
  该功能仅供企业填报用户使用: 'Only enterprise filers can use this function',
  该功能仅供管理员使用: 'Only administrators can use this function',
  该功能仅供企业用户使用: 'Only enterprise users can use this function',
  '只有本企业的账号管理人（法人账号或最先绑定的账号）可以管理填报账号':
    "Only the enterprise's account manager (the legal-person account or the first bound account) can manage filer accounts",
  '{}不存在或无权访问': '{0} not found or not accessible',
  尚未登录: 'Not signed in',
  '登录已失效，请重新登录': 'Your session has expired; please sign in again',
  '请求校验失败，请刷新页面后重试': 'The request could not be verified; refresh the page and try again',

  // Administrator accounts
  操作类型不正确: 'Invalid operation',
  请输入登录名: 'Enter a login name',
  '登录名为4至32位字母、数字或下划线，以字母开头':
    'The login name is 4 to 32 letters, digits or underscores, starting with a letter',
  请输入单位或姓名: 'Enter the organisation or name',
  名称不能超过50个字: 'The name cannot exceed 50 characters',
  请选择地区: 'Select a region',
  请设置初始密码: 'Set an initial password',
  请指明停用或启用: 'State whether to disable or enable',

  // Binding an enterprise
  '该绑定申请已处理或已撤回，请刷新后查看':
    'This binding request has been decided or withdrawn; refresh to see it',
  '申请人的账号已绑定其他企业，本申请无法批准':
    "The applicant's account is already bound to another enterprise; this request cannot be approved",
  '该账号已绑定企业；如需更换，请联系本企业账号管理人解除绑定':
    "This account is already bound to an enterprise; to change it, ask the enterprise's account manager to unbind it",
  '请先完成实名认证，再绑定企业': 'Complete identity verification before binding an enterprise',
  '已有等待审核的绑定申请，请等待审核结果，或撤回后重新申请':
    'A binding request is already awaiting review; wait for the result, or withdraw it and apply again',
  '本系统受理软件和信息技术服务业企业的填报，所属行业请选择“软件业”':
    'This system accepts filings of software and IT services enterprises; choose "software industry" as the industry',
  请上传企业营业执照扫描件: "Upload a scan of the enterprise's business licence",
  请上传加盖企业公章的授权委托书扫描件:
    "Upload a scan of the letter of authorisation bearing the enterprise's seal",
  '已有等待审核的绑定申请，或该企业已有经确认的法人账号，请刷新后查看':
    'A binding request is awaiting review, or the enterprise already has a confirmed legal-person account; refresh to see it',
  '绑定申请状态已变化，请刷新后查看': 'The binding request has changed; refresh to see it',
  没有等待审核的绑定申请: 'There is no binding request awaiting review',
  '该绑定申请已处理，请刷新后查看': 'This binding request has been decided; refresh to see it',
  '该企业已有经确认的法人账号，一个企业只能有一个法人账号；本申请无法批准，请不予通过并说明理由':
    'The enterprise already has a confirmed legal-person account, and an enterprise can have only one; refuse this request and give the reason',
  '绑定企业的尝试次数过多，请一小时后再试；如企业信息确实无误，请联系所在区县的主管部门':
    "Too many attempts to bind an enterprise; try again in an hour. If the enterprise's details are correct, contact your county's authority",
  '当前网络绑定企业的尝试次数过多，请一小时后再试':
    'Too many attempts to bind an enterprise from this network; try again in an hour',
  '请填写{}': 'Fill in {0}',
  '{}不能超过{}个字': '{0} cannot exceed {1} characters',
  请选择所属行业: 'Select the industry',
  请选择通过或不予通过: 'Choose approve or refuse',
  理由不能超过500个字: 'The reason cannot exceed 500 characters',
  '请填写不予通过的理由，申请人将看到该理由': 'Give the reason for refusing; the applicant will see it',
  图形验证码不存在: 'The captcha does not exist',
  '请求内容有误：{} {}': 'Invalid request: {0} {1}',
  '请求内容有误：{}': 'Invalid request: {0}',
  不能移除账号管理人自己的账号: "The account manager's own account cannot be removed",

  // Login, password, mobile
  '当前网络登录失败次数过多，请15分钟后再试':
    'Too many failed sign-ins from this network; try again in 15 minutes',
  '连续登录失败{}次，账号已临时锁定，请{}分钟后再试；忘记密码请联系上级管理员重置':
    '{0} failed sign-ins in a row: the account is locked for now; try again in {1} minutes. If you forgot the password, ask your administrator to reset it',
  请选择证件类型: 'Select the type of ID document',
  请填写电子邮箱: 'Fill in the email address',
  电子邮箱过长: 'The email address is too long',
  请选择企业性质: 'Select the nature of the enterprise',
  请选择经济类型: 'Select the economic type',
  职工总数应为整数: 'The number of employees must be a whole number',
  职工总数不能为负数: 'The number of employees cannot be negative',
  职工总数过大: 'The number of employees is too large',
  注册地址邮编应为6位数字: 'The postcode of the registered address must be 6 digits',
  请输入原密码: 'Enter the current password',
  请输入新密码: 'Enter the new password',
  请输入原手机号收到的验证码: 'Enter the code sent to the old mobile number',
  验证码为6位数字: 'The code is 6 digits',
  请输入新手机号收到的验证码: 'Enter the code sent to the new mobile number',
  原密码不正确: 'The current password is wrong',
  新密码不能与原密码相同: 'The new password must differ from the current one',
  '账号未登记手机号，请联系上级管理员': 'The account has no mobile number; contact your administrator',
  新手机号与原手机号相同: 'The new mobile number is the same as the old one',
  该手机号已被其他账号使用: 'This mobile number is used by another account',
  请选择要上传的文件: 'Choose a file to upload',
  请输入手机号: 'Enter the mobile number',
  请输入11位中国大陆手机号: 'Enter an 11-digit mainland China mobile number',
  请输入用户名: 'Enter the username',
  '用户名为4至32位字母、数字或下划线，以字母开头':
    'The username is 4 to 32 letters, digits or underscores, starting with a letter',
  请输入密码: 'Enter the password',
  密码过长: 'The password is too long',
  请输入短信验证码: 'Enter the SMS code',
  短信验证码为6位数字: 'The SMS code is 6 digits',
  演示账号未启用: 'Demo accounts are not enabled',
  用户名过长: 'The username is too long',
  '多次登录失败，请输入图形验证码': 'Several failed sign-ins: enter the captcha',
  '该账号已被停用，请联系上级管理员': 'This account is disabled; contact your administrator',
  '该账号未登记手机号，无法接收短信验证码，请联系上级管理员登记手机号':
    'This account has no mobile number to receive SMS codes; ask your administrator to register one',
  '该账号未登记手机号，请联系上级管理员': 'This account has no mobile number; contact your administrator',
  账号不存在: 'The account does not exist',

  // Identity verification
  '请选择{}': 'Select {0}',
  '{}格式应为 YYYY-MM-DD': '{0} must be in the format YYYY-MM-DD',
  '请阅读并勾选“本人保证”声明': 'Read and tick the declaration "I guarantee"',
  请选择企业或机构类型: 'Select the type of enterprise or institution',
  请选择法人类型: 'Select the type of legal person',
  请选择法定代表人证件类型: "Select the type of the legal representative's ID document",
  '请选择用户类型（自然人或法人）': 'Select the user type (natural person or legal person)',
  '该账号已完成实名认证，无需重复认证': 'This account is already verified',
  证件有效起始日期不能晚于今天: "The ID document's start of validity cannot be after today",
  '请选择证件有效结束日期，或勾选“永久期限”': 'Select the end of validity, or tick "permanent"',
  证件有效结束日期应晚于起始日期: 'The end of validity must be after its start',
  '证件已过有效期，请使用有效证件认证': 'The ID document has expired; use a valid one',
  请上传营业执照扫描件: 'Upload a scan of the business licence',
  '请上传证件扫描件（包含证件正反面）': 'Upload a scan of the ID document (both sides)',
  '该账号已提交实名认证，无需重复提交': 'This account has already submitted its verification',
  地区代码应为6位数字: 'The region code must be 6 digits',
  '应为 JSON 对象': 'Must be a JSON object',
  应为数组: 'Must be a list',
  应为文字: 'Must be text',
  应为是或否: 'Must be yes or no',
  汇总口径应为仅实报或含推算: 'The basis of the summary must be reported only or with estimates',
  排序方式应为上报时间或评分: 'Order by submission time or by score',
  停审阈值应为数字: 'The stop threshold must be a number',
  停审阈值应大于0: 'The stop threshold must be greater than 0',
  停审阈值应小于1: 'The stop threshold must be less than 1',
  '导出格式应为 xlsx 或 csv': 'The export format must be xlsx or csv',

  // Change requests
  '更正申请由终审的{}管理员处理，本级仅可查看':
    'Change requests are decided by the {0} administrators of the final review; this level can only view them',
  '更正理由至少5个字，请写明要更正的内容和原因':
    'Give a reason of at least 5 characters: what is to be corrected, and why',
  更正理由不超过1000个字: 'The reason for the change cannot exceed 1,000 characters',
  审核意见不超过1000个字: 'The review comment cannot exceed 1,000 characters',
  请填写不同意的理由: 'Give the reason for refusing',
  理由不超过1000个字: 'The reason cannot exceed 1,000 characters',
  '该报表已有待处理的更正申请，请等待审核': 'This filing already has a change request awaiting review',
  '该更正申请已处理，请刷新后查看': 'This change request has been decided; refresh to see it',
  '该更正申请已被他人处理，请刷新后查看': 'Someone else has decided this change request; refresh to see it',

  // Completeness, directory, scope
  催报内容不超过200个字: 'The reminder cannot exceed 200 characters',
  '缺少主营业务收入，无法判定是否纳统':
    'Main business revenue is missing: whether the enterprise is in scope cannot be decided',
  '主营业务收入不低于{}万元且软件业务收入占比不低于{}%':
    'Main business revenue of at least {0} 万元 and a software share of at least {1}%',
  '集成电路设计收入占比不低于{}%且主营业务收入不低于{}万元':
    'An IC design share of at least {0}% and main business revenue of at least {1} 万元',
  '主要从事基础软件、工业软件、信息安全等业务且主营业务收入不低于{}万元':
    'Mainly basic software, industrial software, information security or similar, with main business revenue of at least {0} 万元',
  不满足纳统条件: 'Does not meet the conditions for the survey',
  关键字不超过50个字: 'The keyword cannot exceed 50 characters',
  页码从1开始: 'Pages are numbered from 1',
  每页最多200条: 'At most 200 per page',
  应为数字: 'Must be a number',
  不能为负数: 'Cannot be negative',
  数值过大: 'The number is too large',
  请填写企业名称: 'Fill in the enterprise name',
  企业名称不超过100个字: 'The enterprise name cannot exceed 100 characters',
  行政区划代码应为6位数字: 'The division code must be 6 digits',
  请填写法定代表人: 'Fill in the legal representative',
  法定代表人不超过50个字: 'The legal representative cannot exceed 50 characters',
  '行业代码应为4位数字（GB/T 4754）': 'The industry code must be 4 digits (GB/T 4754)',
  '企业规模应为 1大型 2中型 3小型 4微型': 'The size must be 1 large, 2 medium, 3 small or 4 micro',
  原因不超过500个字: 'The reason cannot exceed 500 characters',
  手工调整纳统标志时请填写原因: 'Give the reason when setting the in-scope flag by hand',
  '请上传 .xlsx 格式的名录文件': 'Upload the directory as an .xlsx file',
  '该扫描件已超过保存期限，已删除': 'This scan was deleted once its retention period had passed',
  文件为空: 'The file is empty',
  '文件过大，请分批导入': 'The file is too large; import it in parts',
  '行政区划代码 {} 不存在或不在本辖区内': 'Division code {0} does not exist or is outside your jurisdiction',
  该统一社会信用代码已在名录库中: 'This unified social credit code is already in the directory',
  '企业信息有误，请检查标出的项': "The enterprise's details are wrong; check the marked items",
  '无法读取文件“{}”，请使用名录导入模板（.xlsx）':
    'Cannot read the file "{0}"; use the directory import template (.xlsx)',
  '不是有效的 .xlsx 文件': 'Not a valid .xlsx file',
  '文件“{}”被拒绝：{}': 'The file "{0}" was refused: {1}',
  '名录文件缺少列：{}': 'The directory file lacks columns: {0}',
  '缺少列：{}': 'Missing columns: {0}',

  // Export, import, receipt
  一次最多导出200份报表: 'At most 200 filings can be exported at once',
  '报告期格式应为 2026 或 2026-10': 'The report period must look like 2026 or 2026-10',
  '请上传 .xlsx 格式的Excel文件': 'Upload an Excel file in .xlsx format',
  '文件过大，请上传不超过1MB的文件': 'The file is too large; upload at most 1 MB',
  '没有可导出的报表，请调整查询条件或勾选要导出的报表':
    'There is nothing to export; change the query or tick the filings to export',
  报表当前不能修改: 'The filing cannot be changed now',
  '上传的文件有{}处问题：{}': 'The uploaded file has {0} problems: {1}',
  '该报表尚未上报，没有上报回执': 'This filing has not been submitted, so it has no receipt',
  '服务器上没有中文字体，暂时不能生成 PDF，请联系系统管理员':
    'The server has no Chinese font, so it cannot make a PDF now; contact the system administrator',
  '{} {}应填写数字，文件中是“{}”': '{0} {1} must be a number; the file has "{2}"',
  '{} {}超出可保存的范围：绝对值不能超过{}，文件中是{}':
    '{0} {1} is out of the range that can be saved: its absolute value cannot exceed {2}; the file has {3}',
  '文件中没有工作表“{}”({})，请使用本任务的模板':
    'The file has no sheet "{0}" ({1}); use the template of this task',
  '文件的报告期是{}，与本任务的报告期{}不一致':
    "The file's report period is {0}, not this task's report period {1}",

  // Filing
  '报表尚未上报，无需取消上报': 'The filing has not been submitted, so there is nothing to withdraw',
  '报表状态已被他人更改，请刷新后重试': "Someone else changed the filing's status; refresh and try again",
  延期截止时间应晚于任务的填报截止时间: "The extended deadline must be after the task's deadline",
  应晚于任务的填报截止时间: "Must be after the task's deadline",
  '报表有{}条必改错误，不能上报；请按审核结果修改后再上报':
    'The filing has {0} errors that must be corrected before it can be submitted; correct them as the audit shows, then submit',
  '严重警告必须填写审核说明：还有{}条严重警告没有说明':
    'Every serious warning needs an explanation: {0} serious warnings have none',
  '请填写有实际内容的审核说明：{}': 'Write an explanation with real content: {0}',
  版本号从1开始: 'Versions are numbered from 1',
  '该报表已被{}于{}修改，您的修改尚未保存。您填写的数据仍保留在页面上，请核对后选择“以我的数据覆盖”或“加载最新数据”。':
    'This filing was changed by {0} at {1}, and your changes have not been saved. What you typed is still on the page: check it, then choose "Overwrite with my data" or "Load the latest data".',
  '当前版本为{}': 'The current version is {0}',
  '报表数据有误：{}': 'The filing data is wrong: {0}',
  不是本报告期应填报的报表: 'Not a form to be filed for this report period',
  '不是本表可填报的单元格(自动计算项不能填报)':
    'Not a cell of this form that can be filled in (computed items cannot)',
  '{}应填写数字': '{0} must be a number',
  '{}应填写文字或代码': '{0} must be text or a code',
  '数值超出可保存的范围：绝对值不能超过{}':
    'The number is out of the range that can be saved: its absolute value cannot exceed {0}',
  内容不超过500个字: 'The text cannot exceed 500 characters',
  审核说明不超过1000个字: 'The explanation cannot exceed 1,000 characters',

  // Framework, database (error-handler.ts)
  '请求体不是有效的 JSON': 'The request body is not valid JSON',
  '请求体为空，应为 JSON': 'The request body is empty; JSON was expected',
  '不支持的内容类型，请以 JSON 提交': 'Unsupported content type; send JSON',
  '请求体长度与 Content-Length 不符': 'The body length does not match Content-Length',
  网址中含有无法解码的字符: 'The URL has characters that cannot be decoded',
  '提交的内容超过 {} MB 的上限，请减少内容或分批提交':
    'The content exceeds the limit of {0} MB; send less, or send it in parts',
  '请求格式有误：{}': 'Malformed request: {0}',
  '数据库暂时不可用，请稍后重试': 'The database is unavailable for now; try again later',
  '服务器内部错误，请稍后重试；如持续出现，请联系管理员并提供请求编号':
    'Internal server error; try again later. If it persists, contact the administrator with the request id',
  '接口不存在：{} {}': 'No such endpoint: {0} {1}',
  '接口不存在：{}': 'No such endpoint: {0}',

  // Review
  '有审核错误或警告，请逐份审核': 'Some have audit errors or warnings; review them one by one',
  '有未被接受的警告说明，不能审核通过；请退回企业修改':
    'Some warning explanations were not accepted, so the filing cannot be approved; return it to the enterprise',
  退回意见指向的单元格不存在: 'A return comment names a cell that does not exist',
  '报表中没有单元格 {}.{}': 'The filing has no cell {0}.{1}',
  该地区的上报已被退回: "This region's submission has already been returned",
  '部级为最终审核层级，无需上报': 'The ministry is the final review level; there is nothing to pass up',
  '本地区还有{}份报表待本级或下级审核，审核完成后才能上报':
    'This region still has {0} filings awaiting review at this level or below; pass up once they are reviewed',
  '省级地区代码应为6位数字，以0000结尾': 'A province code is 6 digits ending in 0000',
  受委托单位名称不超过50个字: 'The delegate’s name cannot exceed 50 characters',
  审核天数至少1天: 'Review takes at least 1 day',
  审核天数不超过60天: 'Review takes at most 60 days',
  请设置审核层级: 'Set the review levels',
  '审核层级由部级管理员设置，省级及以下管理员只能查看本省的设置':
    "Review levels are set by ministry administrators; province and lower administrators can only view their province's",
  '应依次设置{}各级': 'Set the levels {0} in order',
  '{}审核不能跳过：审核链须从区县开始、到部级结束':
    'The {0} review cannot be skipped: the review chain starts at the county and ends at the ministry',
  部级审核不能委托: 'The ministry review cannot be delegated',
  '审核层级设置有误，请检查标出的项': 'The review levels are wrong; check the marked items',
  '{}份报表等待{}审核': '{0} filings are awaiting {1} review',
  请填写退回原因: 'Give the reason for returning',
  请选择要核实的指标: 'Choose the indicators to verify',
  请填写核实说明: 'Say what the enterprise should verify',
  核实说明不超过500字: 'The request to verify cannot exceed 500 characters',
  核实的单元格不存在: 'A cell to verify does not exist',
  '请核实：{}': 'Please verify: {0}',
  退回原因不超过1000个字: 'The reason for returning cannot exceed 1,000 characters',
  请填写该单元格的退回意见: 'Give the return comment for this cell',
  单元格意见不超过500个字: 'A cell comment cannot exceed 500 characters',
  请选择要审核通过的报表: 'Choose the filings to approve',
  一次最多500份: 'At most 500 at once',

  // SMS
  '短信发送失败（无法连接短信网关），请稍后重试':
    'The SMS could not be sent (the SMS gateway is unreachable); try again later',
  '短信发送失败（短信网关返回 {}），请稍后重试':
    'The SMS could not be sent (the SMS gateway answered {0}); try again later',
  '验证码已发送，请{}秒后再重新获取': 'The code was sent; you can ask for another in {0} seconds',
  '请{}秒后再重新获取': 'You can ask for another in {0} seconds',
  '该手机号获取验证码过于频繁，请一小时后再试': 'Too many codes for this mobile number; try again in an hour',
  '当前网络获取验证码过于频繁，请稍后再试': 'Too many codes from this network; try again later',
  手机号应为11位数字: 'The mobile number must be 11 digits',
  开发短信发件箱未启用: 'The development SMS outbox is not enabled',
  '短信服务未配置，暂时无法发送验证码，请联系系统管理员':
    'SMS is not configured, so no code can be sent now; contact the system administrator',

  // Tasks
  '任务设置有误，请检查标出的项': 'The task settings are wrong; check the marked items',
  '本辖区{}的任务已发布': 'The task for {0} has already been published in your jurisdiction',
  该报告期的任务已存在: 'A task for this report period already exists',
  '调查任务由部级或省级（含直辖市）管理员发布':
    'Survey tasks are published by ministry or province (including municipality) administrators',
  '地区代码 {} 不存在或不在本辖区内': 'Region code {0} does not exist or is outside your jurisdiction',
  '调查制度版本“{}”不存在': 'The survey edition "{0}" does not exist',
  调查制度版本不存在: 'The survey edition does not exist',
  '{}审核截止时间应晚于企业填报截止时间和下级审核截止时间':
    "The {0} review deadline must be after the enterprises' deadline and the lower levels' review deadlines",
  时间格式有误: 'The time is malformed',
  任务名称不超过100个字: 'The task name cannot exceed 100 characters',
  报告期别应为月报或年报: 'The period type must be monthly or annual',
  '年报的报告期应为4位年份，如 2025': 'An annual report period is a 4-digit year, e.g. 2025',
  '月报的报告期应为 2026-03 的格式': 'A monthly report period looks like 2026-03',
  填报截止时间应晚于开始时间: 'The deadline must be after the opening',
  年份有误: 'The year is wrong',
  截止日应在1至28日之间: 'The deadline day must be between 1 and 28',
  请填写延期原因: 'Give the reason for the extension',
  延期原因不超过500个字: 'The reason for the extension cannot exceed 500 characters',

  // Task applications
  任务申请由企业所在区县的管理员审批:
    "Task applications are decided by the administrators of the enterprise's county",
  '状态应为 pending、approved 或 refused': 'The status must be pending, approved or refused',
  请填写不通过的原因: 'Give the reason for refusing',
  不通过的原因不超过500个字: 'The reason for refusing cannot exceed 500 characters',
  '已申请过该任务，请勿重复申请': 'You have already applied for this task',
  '该申请已审批（{}），不能再次审批': 'This application has already been decided ({0})',
  '该申请已被审批，不能再次审批': 'This application has already been decided',

  // Field names that messages are built around (schema helpers text('联系地址') and the like)
  统一社会信用代码: 'the unified social credit code',
  企业名称: 'the enterprise name',
  法定代表人姓名: "the legal representative's name",
  联系地址: 'the contact address',
  企业工商注册地址: 'the registered address',
  证件有效起始日期: 'the start of validity',
  证件有效结束日期: 'the end of validity',
  真实姓名: 'the real name',
  证件号: 'the ID number',
  法人企业或机构名称: 'the name of the legal-person enterprise or institution',
  法定代表人证件号: "the legal representative's ID number",
  港澳台居民居住证号码: 'the residence permit number for Hong Kong, Macao and Taiwan residents',
  外国人永久居留身份证号码: "the foreigner's permanent residence ID number",
  证件文件: 'The ID document file',
  '主营业务收入(万元)': 'Main business revenue (万元)',
  '软件业务收入(万元)': 'Software revenue (万元)',
  '集成电路设计收入(万元)': 'IC design revenue (万元)',
  '主要从事基础软件等(是/否)': 'Mainly basic software etc. (yes/no)',
  '重点企业(是/否)': 'Key enterprise (yes/no)',
  '人工智能业务(是/否)': 'AI business (yes/no)',
  // Filing states and levels as the transition table names them
  未填报: 'not started',
  已保存: 'saved',
  已上报至区县: 'submitted to the county',
  已上报至市级: 'submitted to the city',
  已上报至省级: 'submitted to the province',
  已上报至部级: 'submitted to the ministry',
  已退回: 'returned',
  审核通过: 'approved',

  // Identifiers in a URL or body
  账号编号格式不正确: 'The account id is malformed',
  申请编号格式不正确: 'The application id is malformed',
  文件编号格式不正确: 'The file id is malformed',
  任务编号格式有误: 'The task id is malformed',
  任务编号格式不正确: 'The task id is malformed',
  报表编号格式有误: 'The filing id is malformed',
  报表编号格式不正确: 'The filing id is malformed',
  更正申请编号格式有误: 'The change request id is malformed',
  企业编号格式有误: 'The enterprise id is malformed',
  消息编号格式有误: 'The message id is malformed',
  上报记录编号格式有误: 'The submission record id is malformed',
  页码应为整数: 'The page must be a whole number',
  审核天数应为整数: 'The review days must be a whole number',

  // Accounts, captcha, documents, SMS codes
  '上传的文件合计不能超过 {} MB': 'The uploaded files together cannot exceed {0} MB',
  该登录名已被使用: 'This login name is taken',
  只能为本地区直接下级的地区创建管理员账号:
    'Administrator accounts can be created only for the regions directly below yours',
  请输入图形验证码: 'Enter the captcha',
  '图形验证码已失效，请点击图片换一张': 'The captcha has expired; click the image for a new one',
  '图形验证码错误，请点击图片换一张后重新输入': 'Wrong captcha; click the image for a new one and try again',
  '请以表单（multipart/form-data）提交，并附上证件扫描件':
    'Send a form (multipart/form-data) with the scans of the documents',
  '不接受的文件字段：{}': 'File field not accepted: {0}',
  '{}不能超过 {} MB': '{0} cannot exceed {1} MB',
  '{}“{}”的内容不是 PDF、JPG 或 PNG 文件（{}），请上传证件的扫描件':
    '{0} "{1}" is not a PDF, JPG or PNG file ({2}); upload a scan of the document',
  '{}“{}”无法作为扫描件受理：{}。请上传清晰、完整的扫描件或照片':
    '{0} "{1}" cannot be accepted as a scan: {2}. Upload a clear, complete scan or photo',
  电子邮箱格式不正确: 'The email address is malformed',
  '该手机号已注册，请直接登录；如非本人注册，请联系管理员':
    'This mobile number is already registered; sign in instead. If you did not register it, contact the administrator',
  '该用户名已被使用，请换一个': 'This username is taken; choose another',
  用户名或密码错误: 'Wrong username or password',
  请先获取短信验证码: 'Ask for an SMS code first',
  '该短信验证码已使用过，请重新获取': 'This SMS code has been used; ask for a new one',
  '短信验证码已过期（有效期5分钟），请重新获取':
    'The SMS code has expired (it is valid for 5 minutes); ask for a new one',
  '短信验证码错误次数过多，已失效，请重新获取':
    'Too many wrong SMS codes: it is no longer valid; ask for a new one',
  '短信验证码错误，请核对短信后重新输入': 'Wrong SMS code; check the message and enter it again',

  // Other refusals
  请填写更正理由: 'Give the reason for the change',
  更正申请由企业提出: 'Change requests are made by the enterprise',
  '该统一社会信用代码无法在本辖区登记，请联系上级管理员':
    'This unified social credit code cannot be registered in your jurisdiction; contact your superior administrator',
  审核意见不超过500个字: 'The review comment cannot exceed 500 characters',
  '系统繁忙：正在处理其他 Excel 文件，请稍后重新上传':
    'The system is busy with other Excel files; upload again shortly',
  'Excel 文件解析所需内存超过 {} MB 的上限，已停止；请删除多余内容或分批上传':
    'Reading the Excel file needed more than the {0} MB limit and was stopped; remove extra content or upload it in parts',
  'Excel 文件解析超过 {} 秒仍未完成，已停止；请删除多余内容或分批上传':
    'Reading the Excel file took more than {0} seconds and was stopped; remove extra content or upload it in parts',
  '报表已审核通过并锁定，不能修改': 'The filing is approved and locked; it cannot be changed',
  '报表{}，不能修改；如需修改，请先取消上报':
    'The filing is {0} and cannot be changed; to change it, withdraw the submission first',
  '报表尚未填写，不能上报': 'The filing has not been filled in; it cannot be submitted',
  '报表已审核通过并锁定，不能再次上报': 'The filing is approved and locked; it cannot be submitted again',
  '报表{}，不能重复上报': 'The filing is {0}; it cannot be submitted again',
  '该地区未配置审核层级，请联系管理员': 'This region has no review levels set; contact the administrator',
  '报表已审核通过并锁定，不能取消上报':
    'The filing is approved and locked; the submission cannot be withdrawn',
  '报表{}，无需取消上报': 'The filing is {0}; there is no submission to withdraw',
  '审核人员已处理该报表，不能取消上报；如需修改，请联系审核人员退回':
    'A reviewer has acted on the filing, so the submission cannot be withdrawn; to change it, ask the reviewer to return it',
  '报表{}，不能审核': 'The filing is {0}; it cannot be reviewed',
  '报表{}，不在本级审核': 'The filing is {0}; it is not reviewed at this level',
  '报表{}，不能退回': 'The filing is {0}; it cannot be returned',
  '报表{}，不能退回下级': 'The filing is {0}; it cannot be returned to a lower level',
  '{}不是本级的下级审核层级': '{0} is not a review level below this one',
  '报表{}，未锁定，无需更正申请': 'The filing is {0} and not locked; no change request is needed',
  '更正申请由终审的{}管理员处理': 'Change requests are decided by the {0} administrators of the final review',
  '已上报该期报表，无需延期': 'The filing of this period is submitted; no extension is needed',
  资源: 'Resource',
  '连续登录失败{}次，账号已临时锁定，请{}分钟后再试；忘记密码可在登录页点击“忘记密码”通过短信找回':
    '{0} failed sign-ins in a row; the account is locked for now, try again in {1} minutes. If you forgot the password, use “Forgot password” on the sign-in page to reset it by SMS',
  企业编号格式不正确: 'The enterprise id is malformed',
  '账号管理人本人的手机号无法自行更换：原手机号可用时请在“修改手机号”中更换，原手机号丢失请联系所在地区管理员':
    "The account manager cannot reset their own mobile here: with the old phone, use “Change mobile”; if it is lost, ask your region's administrator",
  导入预览不存在: 'The import preview does not exist',
  '该导入已确认过，无需重复导入': 'This import has been confirmed already',
  '导入预览已过期，请重新上传文件预览': 'The import preview has expired; upload the file again to preview it',
  '预览后名录已有变动（第{}行的企业），请重新上传文件预览':
    'The directory changed after the preview (the enterprises of rows {0}); upload the file again to preview it',
  '没有可加入的本期任务：企业已在所有进行中任务的应报范围内，或不符合任务的填报范围':
    'No open task to join: the enterprise is already obliged to file every open task, or no task applies to it',
  '管理员调整：{}': 'Set by an administrator: {0}',
  '名录原值（判定依据未变）；{}': 'As listed (the facts it depends on did not change); {0}',
  '名录原值；{}': 'As listed; {0}',
  纳统条件不存在: 'These scope thresholds do not exist',
  请选择列出的纳统条件: 'Choose one of the listed scope thresholds',
  '有疑似代报提示，请逐份审核：{}':
    'Flagged as possibly filed on behalf of others; review it on its own: {0}',
  '有{}条严重警告的审核说明尚未接受，请逐条判断；不接受的请退回企业修改':
    '{0} explanations of serious warnings are not accepted yet; decide on each, and return the filing for any you do not accept',
  请判断是否接受该审核说明: 'Decide whether to accept this explanation',
  '{}不在本任务的应报范围内，无需免报': '{0} is not obliged to file this task; there is nothing to excuse',
  不在应报范围内: 'Not obliged to file',
  '{}已免报': '{0} is excused already',
  '{}尚未申请该任务，无需延期': '{0} has not applied for this task; there is no deadline to extend',
  '{}的报表已审核通过，无需免报': 'The filing of {0} is approved; there is nothing to excuse',
  '该地区目前没有待审的上报，无需退回':
    'This region has no pass-up awaiting review; there is nothing to return',
  代为审核的地区: 'The region to take over',
  '{}还有{}家企业的报表未审核通过也未免报：{}{}。全部审核通过或免报后才能上报':
    '{0} still has {1} enterprises neither approved nor excused: {2}{3}. Pass up once every one is approved or excused',
  '{}不在本省的审核层级中，无需代为审核':
    "{0} is not a level of the province's review chain; there is nothing to take over",
  '{}的审核已由上级代为审核': 'The review of {0} has been taken over by a level above already',
  '{}已上报，无需代为审核': '{0} has passed up already; there is nothing to take over',
  '{}的审核截止时间{}未到且有管理员，不能代为审核；可先提醒该地区管理员':
    "The review deadline of {0} ({1}) has not passed and it has administrators, so it cannot be taken over; remind the region's administrators first",
  '本企业已申请{}的{}，同一报告期只能填报一份报表，请勿重复申请':
    'Your enterprise has applied for {1} of {0}; only one report is filed per period, so do not apply again',
  '已申请{}的其他任务': 'Another task of {0} has been applied for',
  请选择纳统条件: 'Choose the scope thresholds',
  '行业代码 {} 不在调查制度的行业代码表中（GB/T 4754-2017 软件和信息技术服务业、互联网相关服务小类）':
    "Industry code {0} is not in the survey's code list (GB/T 4754-2017 software and IT services and internet services classes)",
  '{}不能大于主营业务收入': '{0} cannot exceed the main business revenue',
  '填写{}时请同时填写主营业务收入': 'Fill in the main business revenue together with {0}',
  导入预览编号格式有误: 'The import preview id is malformed',
  请输入新手机号: 'Enter the new mobile number',
  说明不超过200个字: 'The note may have at most 200 characters',
  提醒内容不超过200个字: 'The reminder may have at most 200 characters',
  // Titles of the system's notices to enterprises (消息)
  '{}报表被{}退回': 'The {0} filing was returned by the {1}',
  '{}报表的更正申请已同意': 'The change request for the {0} filing was granted',
  '{}报表的更正申请未获同意': 'The change request for the {0} filing was refused',
  '催报：{}报表尚未上报': 'Reminder: the {0} filing has not been submitted',
  '邀请申请：{}{}': 'Invitation to apply: {0} {1}',
  '{}报表已延期': 'The deadline of the {0} filing was extended',
  '{}任务申请已通过': 'The task application for {0} was approved',
  '{}任务申请未通过': 'The task application for {0} was refused',
  '账号 {} 的登录手机号已更换': 'The sign-in mobile of account {0} was changed',
  '{}「{}」的上报被{}退回': 'The submission of {0} “{1}” was returned by the {2}',
  '{}「{}」由{}代为审核': 'The review of {0} “{1}” was taken over by the {2}',
  '{}提醒：{}「{}」待审核上报': 'Reminder from the {0}: {1} “{2}” awaits review and submission',
  '{}的上报已重新打开': 'The submission of {0} was reopened',
  本地区的上报已重新打开: "Your region's submission was reopened",
  // Bodies of the system's notices (a reason or note a person wrote stands on a line of its own, kept as written)
  '{}区县管理员': 'the {0} county administrator',
  '{}市级管理员': 'the {0} city administrator',
  '{}省级管理员': 'the {0} province administrator',
  '{}部级管理员': 'the {0} ministry administrator',
  '{}提醒：任务“{}”（{}）请于 {} 前完成填报并上报。':
    'Reminder from {0}: please complete and submit “{1}” ({2}) before {3} (China time).',
  '{}邀请贵企业申请填报任务“{}”（{}），请在“填报任务申请”中提交申请；任务截止时间 {}。':
    '{0} invites your enterprise to apply for the task “{1}” ({2}): apply under Task applications. The task closes {3} (China time).',
  '您申请的“{}”已通过审批，请在“我的填报任务”中填报。':
    'Your application for “{0}” was approved; fill it in under My filing tasks.',
  '您申请的“{}”未通过审批。': 'Your application for “{0}” was refused.',
  '{}已同意您的更正申请，报表已退回。请于{}前修改后重新上报。':
    'The {0} granted your change request and returned the filing. Correct and resubmit it before {1} (China time).',
  '{}不同意您的更正申请，报表仍为审核通过（锁定）。':
    'The {0} refused your change request; the filing stays approved (locked).',
  '{}任务“{}”的填报截止时间延至 {}。': 'The deadline of the {0} task “{1}” was extended to {2} (China time).',
  '因原手机号无法使用，{}（{}）已将账号 {} 的登录手机号由 {} 更换为 {}，该账号已在所有设备上退出登录。如非本人申请，请立即联系所在地区主管部门。':
    "As the old mobile can no longer be used, {0} ({1}) changed the sign-in mobile of account {2} from {3} to {4}; the account was signed out on every device. If nobody of yours asked for this, contact your region's statistics office at once.",
  企业账号管理人: "the enterprise's account manager",
  所在地区管理员: "an administrator of the enterprise's region",
  未登记: 'none',
  '各企业报表的审核结果不变，请核实后重新上报。':
    "The enterprises' review results stay as they are; check and pass the region up again.",
  '{}没有可用的管理员账号，本任务的审核由上级代为完成。':
    '{0} has no active administrator account; the level above completes the review of this task.',
  '{}的审核截止时间已过，本任务尚未审核的报表由上级代为审核。':
    "{0}'s review deadline has passed; the level above reviews this task's filings not yet reviewed.",
  // Sign-in through a government identity platform
  未配置该统一身份认证平台: 'This identity platform is not configured',
  '政务服务平台登录已失效，请重新使用政务服务平台账号登录':
    'The sign-in through the government service platform has expired; sign in through it again',
  '该账号已关联另一个{}账号': 'This account is already linked to another {0} account',
  '统一社会信用代码为 {} 的企业已有法人账号，请使用该法人账号登录，或联系其持有人':
    'The enterprise with unified social credit code {0} already has a legal-person account; sign in with it or contact its holder',
  '政务服务平台暂时无法访问，请稍后再试或使用本系统账号登录':
    'The government service platform cannot be reached; try again later or sign in with a Zhibao account',
  // Moving in from the old platform: the reasons a row of its exports is refused
  '缺少“{}”列': 'The column “{0}” is missing',
  企业名称为空: 'The enterprise name is empty',
  '行政区划代码“{}”不存在': 'The division code “{0}” does not exist',
  '统一社会信用代码 {} 在本文件中重复': 'The unified social credit code {0} appears twice in this file',
  '用户名“{}”为空或含有不允许的字符': 'The username “{0}” is empty or has characters that are not allowed',
  '加密方式“{}”无法识别': 'The hash algorithm “{0}” is not one the import knows',
  密码哈希为空: 'The password hash is empty',
  '统一社会信用代码 {} 不在企业名录中':
    'The unified social credit code {0} is not in the enterprise directory',
  '手机号“{}”不是11位中国大陆手机号': 'The mobile “{0}” is not an 11-digit mainland China number',
  '报告期“{}”无法识别，应为2025-03或2025':
    'The report period “{0}” is not understood; write it as 2025-03 or 2025',
  '“{}”不是{}年版{}可填报的指标代码': '“{0}” is not an indicator code of the {1} edition’s {2}',
  '{}应填写数字，实为“{}”': '{0} must be a number, not “{1}”',
  月报: 'monthly report',
  年报: 'annual report',
  // Pass-up packages between instances and the kept 汇总表
  上报包所属地区不在本账号的管辖范围内: "The package's region is outside this account's reach",
  '本系统未配置上报包签名密钥（EXCHANGE_SIGNING_KEY），暂时不能导出上报包，请联系系统管理员':
    'This system has no signing key for pass-up packages (EXCHANGE_SIGNING_KEY), so it cannot export one now; contact the system administrator',
  '该地区的上报在上报后因下级变化已重新打开，须重新审核上报后才能导出上报包':
    "The region's pass-up was re-opened by a change below; review and pass up again before exporting its package",
  '该地区的上报已被退回，须重新上报后才能导出上报包':
    "The region's pass-up was returned; pass up again before exporting its package",
  '这次上报早于汇总表随上报保存，须重新上报后才能导出上报包':
    'This pass-up predates keeping the summary table with it; pass up again before exporting its package',
  '本系统已有{}更新的上报（{}），此上报包较旧，未导入':
    'This system already holds a newer pass-up of {0} ({1}); this package is older and was not imported',
  '这次上报早于汇总表随上报保存，没有随附的汇总表；请在汇总页导出当前的汇总表':
    'This pass-up predates keeping the summary table with it; export the current table from the summary page',
  '上报时间应为 ISO 8601 时间': 'The pass-up time must be an ISO 8601 time',
  缺少签名密钥编号: 'The signing key id is missing',
  上报包编号格式有误: 'The package id is malformed',
  '签名应为 Base64': 'The signature must be Base64',
  '签名算法应为 ed25519': 'The signature algorithm must be ed25519',
  '不是直报上报包（format 应为 {}）': 'Not a Zhibao pass-up package (format must be {0})',
  '本系统只读第 {} 版上报包': 'This system reads pass-up packages of version {0} only',
  '格式应为 xlsx 或 pdf': 'The format must be xlsx or pdf',
  '上报包的签名密钥「{}」不在本系统信任的发送方之列，请系统管理员先登记该发送方的公钥':
    'The package\'s signing key "{0}" is not among the senders this system trusts; the system administrator must register the sender\'s public key first',
  '上报包签名验证失败：内容在「{}」签名后被改动过，或并非由其签发，未导入':
    'The package\'s signature does not verify: it was changed after "{0}" signed it, or was not signed by them; not imported',
  '上报包内的发送方与签名的密钥不一致，未导入':
    "The package's sender does not match its signing key; not imported",
  '本系统没有地区代码为 {} 的地区，未导入': 'This system has no region with the code {0}; not imported',
  '本系统没有调查制度版本「{}」，未导入': 'This system has no survey edition "{0}"; not imported',
  '上报包带有企业明细，而本系统未获准保存「{}」所辖企业的明细；请对方导出不含明细的上报包':
    'The package carries enterprise filings, which this system may not hold for "{0}"; ask the sender for a package without them',
  '上报包内的汇总表没有合计行，未导入': "The package's summary table has no total row; not imported",
  '上报包内汇总表的合计与上报快照不符：{} 汇总表为 {}，快照为 {}，未导入':
    "The package's summary table total does not match its snapshot: {0} is {1} in the table and {2} in the snapshot; not imported",
  '上报包第{}份企业报表格式有误（{}：{}），未导入':
    'Filing {0} of the package is malformed ({1}: {2}); not imported',
  '上报包内{}的报表不是本期（{}）的报表，未导入':
    "The package's filing of {0} is not of the period ({1}); not imported",
  '上报包内{}不在{}，未导入': "The package's {0} is not in {1}; not imported",
  '上报包内企业明细的合计与上报快照不符：指标 {} 明细合计为 {}，快照为 {}，未导入':
    "The package's filings do not add up to its snapshot: indicator {0} sums to {1} in the filings and {2} in the snapshot; not imported",
  // 通知公告
  通知公告: 'Announcement',
  附件: 'Attachment',
  '发布对象应为企业、下级管理员或全部': 'The audience must be enterprises, subordinate administrators or all',
  类别应为通知或制度文件与手册: 'The category must be a notice or a document (regulations and manuals)',
  公告编号格式有误: 'The announcement id is malformed',
  附件编号格式有误: 'The attachment id is malformed',
  请填写标题: 'Fill in the title',
  标题不能超过100个字: 'The title cannot exceed 100 characters',
  请填写正文: 'Fill in the text',
  正文不能超过10000个字: 'The text cannot exceed 10,000 characters',
  置顶应为是或否: 'Pinned must be yes or no',
  '有效期至应为日期（YYYY-MM-DD）': 'Valid until must be a date (YYYY-MM-DD)',
  有效期至不能早于今天: 'Valid until cannot be before today',
  '附件“{}”不是 PDF、Word 或 Excel 文件': 'The attachment “{0}” is not a PDF, Word or Excel file',
  // 数据质量检查, 原平台数据迁入, 制度维护, paged lists
  '重点指标{}未填报': 'Key indicator {0} is not filled in',
  '重点指标{}为0': 'Key indicator {0} is 0',
  '{}（{}）填报为“{}”，名录中为“{}”': '{0} ({1}) was filed as “{2}”; the directory has “{3}”',
  '在 {} 下没有名为“{}”的导出文件夹': 'There is no export folder named “{1}” under {0}',
  '已有一次迁入正在进行，请待其完成后再开始':
    'A move-in run is under way; wait until it finishes before starting another',
  迁入记录: 'Move-in run',
  '文件夹中没有原平台导出文件（{}.csv、{}.csv 或 {}/*.xlsx）':
    'The folder holds no export of the old platform ({0}.csv, {1}.csv or {2}/*.xlsx)',
  没有原平台导出文件: 'No export of the old platform',
  '另一位管理员刚刚发布了规则开关包，请刷新后再发布':
    'Another administrator has just published a rule-switch package; refresh, then publish',
  '没有调查制度版本“{}”': 'There is no survey edition “{0}”',
  '可选: {}': 'Choose from: {0}',
  '规则开关包有误：{}': 'The rule-switch package is wrong: {0}',
  调查任务: 'Survey task',
  '该任务按{}版制度审核，与规则开关包的版本不一致':
    "This task is audited under edition {0}, not the rule-switch package's edition",
  '请选择按{}版制度审核的任务': 'Choose a task audited under edition {0}',
  每页条数应为整数: 'The page size must be a whole number',
  每页至少1条: 'At least 1 per page',
  查询内容不超过100个字: 'The search cannot exceed 100 characters',
  页码应为正整数: 'The page must be a positive whole number',
  每页最多500条: 'At most 500 per page',
  请选择原平台导出文件夹: 'Choose an export folder of the old platform',
  请选择调查制度版本: 'Choose a survey edition',
  至少要有一项变更: 'Add at least one change',
  一个包最多50项变更: 'A package holds at most 50 changes',
  请写明变更原因: 'State the reason for the change',
  变更原因不超过500字: 'The reason cannot exceed 500 characters',
  请选择调查任务: 'Choose a survey task',
  地区代码须是6位数字: 'The region code must be 6 digits',
};
