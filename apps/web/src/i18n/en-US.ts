import type { Messages } from './zh-CN';

/** English. Typed as `Messages`, so a key missing here or added only here fails the type check. */
export const enUS: Messages = {
  app: {
    name: 'Software and IT Services Statistical Reporting System',
    subtitle: 'Ministry of Industry and Information Technology · Software and IT Services Statistical Survey',
    browserHint: 'Best viewed in Chrome, Firefox, Edge or another modern browser at 1366×768 or above',
  },
  language: {
    label: 'Language',
    zhCN: '中文',
    enUS: 'English',
  },
  common: {
    yes: 'Yes',
    no: 'No',
    query: 'Search',
    reset: 'Reset',
    view: 'View',
    fill: 'Fill in',
    export: 'Export',
    batchExport: 'Export selected',
    comingSoon: 'Coming soon',
    retry: 'Retry',
    backHome: 'Back to home',
    actions: 'Actions',
    loading: 'Loading…',
    totalItems: '{{total}} in total',
  },
  errors: {
    network: 'Cannot reach the server. Check your network and try again.',
    badResponse: 'The server sent an answer that could not be read. Please try again later.',
    loadFailed: 'Failed to load data',
    requestId: 'Request ID: {{requestId}}',
    notFoundTitle: 'Page not found',
    notFoundHint:
      'The page you are looking for does not exist or has been removed. Please check the address.',
    crashedTitle: 'Something went wrong',
    crashedHint:
      'An error occurred. Please reload the page; if the problem persists, contact your administrator with the request ID.',
    reload: 'Reload page',
  },
  login: {
    cardTitle: 'Sign in',
    username: 'Username',
    usernamePlaceholder: 'Enter your username',
    usernameRequired: 'Please enter your username',
    password: 'Password',
    passwordPlaceholder: 'Enter your password',
    passwordRequired: 'Please enter your password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    demoTitle: 'Demo accounts',
    demoHint: 'This system is running with demo data. Click a username to fill it in:',
    demoPassword: 'Password for all: {{password}}',
    demoAccount: '{{roleLabel}} · {{regionName}}',
  },
  shell: {
    logout: 'Sign out',
    logoutFailed: 'Sign-out failed, please try again',
    sessionExpired: 'Your session has expired. Please sign in again.',
    adminLevel: {
      county: 'County administrator',
      city: 'City administrator',
      province: 'Provincial administrator',
      ministry: 'Ministry administrator',
    },
    enterpriseUser: 'Enterprise user',
    mainNavigation: 'Main navigation',
  },
  menu: {
    enterprise: {
      home: 'Home',
      myTasks: 'My filing tasks',
      taskApplication: 'Apply for a task',
      guide: 'Filing guide',
      filingQuery: 'Filed data',
      userCenter: 'User center',
    },
    admin: {
      dashboard: 'Dashboard',
      tasks: 'Tasks',
      directory: 'Enterprise directory',
      review: 'Data review',
      reminders: 'Reminders',
      aggregation: 'Aggregate & submit',
      accounts: 'Accounts',
    },
  },
  status: {
    not_started: 'Not filed',
    draft: 'Saved',
    submitted: 'Submitted',
    submittedTo: {
      county: 'Submitted to county',
      city: 'Submitted to city',
      province: 'Submitted to province',
      ministry: 'Submitted to ministry',
    },
    returned: 'Returned',
    approved: 'Approved',
  },
  task: {
    taskName: 'Task',
    period: 'Reporting period',
    closesAt: 'Deadline',
    status: 'Status',
    filingStatus: 'Filing status',
    submittedAt: 'Submitted at',
    overdue: 'Overdue',
  },
  enterpriseHome: {
    welcome: 'Welcome, {{name}}!',
    welcomeHint:
      'Please complete your filing tasks before the deadline; correct returned reports as the reviewer asked and submit them again.',
    pendingTasks: 'Filing tasks to do',
    noTasks: 'You have no filing tasks at the moment',
    moreTasks: 'All tasks',
    notices: 'Notices',
    noticeItems: {
      monthly: {
        title: 'Notice on filing the monthly software and IT services report',
        body: "Enterprises should file and submit the previous month's data before each month's deadline, and correct returned reports promptly.",
      },
      annual: {
        title: 'Notice on the 2025 annual software and IT services report',
        body: "Annual filing has started. Please check your enterprise's basic information and file the full year's data as the survey rules require.",
      },
      guide: {
        title: 'The filing guide has been updated',
        body: 'Indicator definitions and filing instructions are in the "Filing guide".',
      },
    },
  },
  myTasks: {
    searchPlaceholder: 'Search by task name',
    periodPlaceholder: 'All periods',
    statusPlaceholder: 'All statuses',
  },
  taskApplication: {
    description:
      'A newly registered enterprise without filing tasks can apply here for a provincial or city task, then file it under "My filing tasks".',
  },
  filingQuery: {
    reportName: 'Report',
    period: 'Reporting period',
    periodPlaceholder: 'All periods',
    keywordPlaceholder: 'Keyword in the report name',
    hint: 'Click "View" to see the data your enterprise filed.',
  },
  filing: {
    title: 'Report filing',
    description:
      'The filing screen is being built. It will let you fill in, save, check and submit the report.',
    backToTasks: 'Back to my filing tasks',
  },
  guide: {
    intro: 'How an enterprise files its reports, and what each indicator means.',
    stepsTitle: 'Filing steps',
    steps: {
      login: {
        title: 'Sign in',
        description: 'Sign in to the reporting system with your username and password.',
      },
      select: {
        title: 'Choose a task',
        description:
          'Pick the task to file on "Home" or "My filing tasks"; filter by period or status, or search by task name.',
      },
      fill: {
        title: 'Fill in the reports',
        description: 'Enter the data of each report and save at any time; a saved filing shows as "Saved".',
      },
      audit: {
        title: 'Check the data',
        description:
          'Run the checks when done; serious warnings need a written explanation before submitting.',
      },
      submit: {
        title: 'Submit',
        description:
          'Submit once the checks pass. The filing then goes up for review by the county, city and provincial authorities.',
      },
      amend: {
        title: 'Correct and resubmit',
        description:
          'During the filing window you can withdraw a submission under "My filing tasks", correct it and submit again; returned filings must be corrected as the reviewer asked.',
      },
    },
    formsTitle: 'Reports and indicator definitions',
    editionName: 'Survey rules',
    approvalNo: 'Approval No.',
    authority: 'Issued by',
    rowNo: 'Row',
    gridColumns: 'Columns',
    gridRows: 'Rows',
    indicatorCode: 'Code',
    indicatorName: 'Indicator',
    unit: 'Unit',
    definition: 'Definition',
    frequency: {
      month: 'Monthly',
      year: 'Annual',
    },
  },
  userCenter: {
    tabs: {
      basicInfo: 'Basic information',
      realName: 'Identity verification',
      password: 'Change password',
      documents: 'Upload documents',
      phone: 'Change mobile number',
    },
    fields: {
      username: 'Username',
      displayName: 'Name',
      region: 'Region',
      enterpriseName: 'Enterprise',
      uscc: 'Unified social credit code',
    },
    notApplicable: '—',
    accountModulePending: 'This will be provided by the account module',
    readOnlyHint:
      'Basic information cannot be changed online yet; contact the statistics authority of your region to change it.',
  },
  placeholder: {
    title: 'Under construction',
    description: 'The "{{module}}" module is being built.',
  },
  adminDashboard: {
    scope: '{{region}} · {{level}}',
    enterpriseCount: 'Enterprises',
    tasksTitle: 'Task progress',
    noTasks: 'There are no filing tasks in progress',
    expected: 'Expected',
    submitted: 'Submitted',
    approved: 'Approved',
    returned: 'Returned',
    notSubmitted: 'Not submitted',
    overdue: 'Overdue',
    progress: 'Submission progress',
  },
  directory: {
    keyword: 'Keyword',
    uscc: 'Unified social credit code',
    name: 'Enterprise',
    region: 'Region',
    isInScope: 'In survey scope',
    isKeyEnterprise: 'Key enterprise',
    searchPlaceholder: 'Search by name or unified social credit code',
  },
};
