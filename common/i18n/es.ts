import type { Catalogue } from './en.js';
import { fmt } from './format.js';

/** El catálogo en español (es-MX): las mismas claves y valores que `en.ts`. */
export const es: Catalogue = {
  // --- settings (common/settings.ts) -------------------------------------------------------
  settingNotSet: (p) => `${p.name} no está definida: se esperaba ${p.what}, se recibió ${p.got}.`,
  settingNotWholeNumber: (p) => `${p.name} debe ser un número entero de ${p.min} a ${p.max}, se recibió ${p.got}.`,
  settingNotChoice: (p) => `${p.name} debe ser uno de ${p.choices}, se recibió ${p.got}.`,

  // --- machine faults (common/errors.ts) ---------------------------------------------------
  ioFaultName: {
    ENOSPC: 'disco lleno',
    EDQUOT: 'cuota de disco excedida',
    EIO: 'error de entrada/salida',
    EMFILE: 'demasiados archivos abiertos en este proceso',
    ENFILE: 'demasiados archivos abiertos en el sistema',
    EROFS: 'sistema de archivos de solo lectura',
    SQLITE_FULL: 'disco lleno',
    SQLITE_IOERR: 'error de entrada/salida',
  },
  ioFault: (p) =>
    `${p.fault} (${p.code}) al ${p.doing}: la ejecución se detuvo sin cambiar nada; vuelva a ejecutarla cuando la máquina esté arreglada.`,

  // --- files and headers (common/header.ts, common/csv-parser.ts, row source) --------------

  // --- row rules and reject reasons (common/tables) ----------------------------------------

  // --- batch contents, warehouse and run (batch-job/src/core) ------------------------------

  // --- command line and summary (batch-job/src/cli*.ts) ------------------------------------

  // --- Batch job (batch-job/src/job*.ts, aws/) ---------------------------------------------
  jobSettingBatchId: 'el id del lote a cargar (la carpeta bajo incoming/)',
  jobSettingJobId: 'el id del trabajo de Batch',
  jobSettingInputBucket: 'el nombre del bucket de entrada',
  jobSettingOutputBucket: 'el nombre del bucket de salida',
  jobSettingWorkDir: 'una carpeta de trabajo temporal',
  jobNoTableFile: (p) =>
    `${p.prefix} no contiene ningún archivo de tabla del pipeline en el bucket de entrada: no hay nada que cargar (se borraron después de la revisión de la carga, o BATCH_ID no es el correcto). Suba de nuevo los archivos del lote o revise BATCH_ID.`,
  jobContention: (p) =>
    `El almacén cambió una y otra vez mientras este trabajo corría: se abandonó después de ${fmt.count(p.attempts)} intentos (otro trabajo gana cada carrera). Batch lo volverá a intentar; si se repite, deje MaxConcurrentJobs en 1.`,
  jobDownloading: (p) => `descargar ${p.key} en ${p.path}`,
  jobWarehouseVersionNotFound: (p) =>
    `No se encontró la versión de ${p.key} que escribió el lote ${p.batchId}, ni como versión actual ni entre las anteriores (el id del lote y el sha256 van en los metadatos del objeto): warehouse.versionId es null. Lea la versión actual del almacén.`,

  // --- upload check (functions/validate-upload) --------------------------------------------

  // --- output indexer and notifications (functions/index-output) ---------------------------

  // --- report (batch-job/src/core/report) --------------------------------------------------
};
