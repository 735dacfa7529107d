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

  // --- upload check (functions/validate-upload) --------------------------------------------

  // --- output indexer and notifications (functions/index-output) ---------------------------

  // --- report (batch-job/src/core/report) --------------------------------------------------
  reportLocale: 'es-MX',
  reportHtmlLang: 'es-MX',
  reportTitle: (p) => `Reporte del lote ${p.batchId} · ${p.status}`,
  reportEyebrow: 'rentas-pipeline · Reporte de carga',
  reportBatch: (p) => `Lote ${p.batchId}`,
  reportBatchStatus: { succeeded: 'Correcto', partial: 'Parcial', failed: 'Fallido' },
  reportTimes: (p) => `Inicio: ${p.start} · Fin: ${p.end}${p.elapsed ? ` · Duración: ${p.elapsed}` : ''} (hora del centro de México)`,
  reportBatchError: 'Error del lote:',
  reportFilesTitle: 'Archivos del lote',
  reportFilesSub: 'Cada fila leída termina insertada, actualizada, sin cambios o rechazada.',
  reportTableName: { vehiculos: 'Vehículos', puntos_renta: 'Puntos de renta', clientes: 'Clientes', rentas: 'Rentas' },
  reportTableStatus: { loaded: 'cargado', rejected: 'rechazado', missing: 'no incluido' },
  reportAllRowsRejected: 'todas las filas rechazadas',
  reportNoManifestData: 'Sin datos en el manifiesto.',
  reportNoFile: 'Sin archivo en el lote',
  reportCounts: { read: 'Leídas', inserted: 'Insertadas', updated: 'Actualizadas', unchanged: 'Sin cambios', rejected: 'Rechazadas' },
  reportFileError: 'Error:',
  reportWarnings: 'Advertencias:',
  reportDownloadRejects: (p) => `Descargar filas rechazadas (${p.href})`,
  reportRejectsCapped: (p) =>
    `El archivo tiene las primeras ${fmt.count(p.written)} de ${fmt.count(p.rejected)} filas rechazadas; las demás solo se cuentan.`,
  reportReasonsTitle: 'Motivos de rechazo',
  reportReasonsHead: { table: 'Tabla', reason: 'Motivo (columna: código)', rows: 'Filas', firstLine: 'Primera línea' },
  reportOtherReasons: 'Otros motivos',
  reportRejectReason: {
    BAD_ID: 'id no es un entero positivo',
    EMPTY_TEXT: 'texto vacío',
    OUT_OF_RANGE: 'valor fuera de rango',
    BAD_NUMBER: 'número no válido o negativo',
    BAD_EMAIL: 'correo no válido',
    BAD_DATE: 'fecha no válida',
    DATE_ORDER: 'fecha_fin no es posterior a fecha_inicio',
    DUPLICATE_ID: 'id repetido en el archivo',
    UNKNOWN_REFERENCE: 'referencia inexistente',
    FIELD_COUNT: 'número de campos distinto al encabezado',
  },
  reportKpis: { rentals: 'Rentas en el almacén', vehicles: 'Vehículos con rentas', avgDays: 'Duración promedio', revenue: 'Ingresos (MXN)', period: 'Periodo' },
  reportDays: (p) => `${p.days} días`,
  reportRentals: (p) => `${fmt.count(p.n)} ${p.n === 1 ? 'renta' : 'rentas'}`,
  reportNoRentals: 'Sin rentas en el almacén todavía',
  reportNoRentalsYet: (p) => `No hay cifras que mostrar hasta que se carguen rentas. ${p.reason}`,
  reportNoRoutes: 'Sin rentas de un solo sentido.',
  reportNoRentalsMissing: 'Este lote no incluía rentas.csv.',
  reportNoRentalsRejected: 'El archivo de rentas de este lote fue rechazado: vea su error arriba.',
  reportNoRentalsAllRejected: 'Todas las filas de rentas.csv fueron rechazadas: revise los motivos de arriba, corrija el archivo y vuelva a cargarlo.',
  reportNoRentalsEmpty: 'El archivo de rentas de este lote no tenía filas de datos.',
  reportTopTitle: (p) => (p.n === 1 ? 'El vehículo más rentado' : `Los ${fmt.count(p.n)} vehículos más rentados`),
  reportTopSub: 'Número de rentas por vehículo; a la derecha, duración promedio (ponderada por renta) e ingresos en MXN.',
  reportTopTooltip: (p) => `${p.name} (id ${fmt.id(p.id)}, ${p.tipo}): ${p.rentals}, ${p.days} en promedio, ${p.money}`,
  reportHead: { rentals: 'Rentas', avgDays: 'Días prom.', revenue: 'Ingresos', month: 'Mes', type: 'Tipo', year: 'Año' },
  reportShownOf: (p) =>
    `Se muestran ${fmt.count(p.shown)} de ${fmt.count(p.total)} ${{ points: 'puntos', routes: 'rutas', months: 'meses (los más recientes)', types: 'tipos' }[p.what]}.`,
  reportPointsTitle: 'Por punto de salida',
  reportPointsSub: 'Rentas y duración promedio por punto donde se recoge el vehículo.',
  reportPointsHead: 'Punto de salida',
  reportRoutesTitle: 'Rutas más frecuentes',
  reportRoutesSub: (p) => `Rentas de un solo sentido (el punto de retorno es otro): ${p.rentals}, ${p.share} del total.`,
  reportRoutesHead: 'Salida → retorno',
  reportMonthsTitle: 'Rentas y duración promedio por mes',
  reportMonthsSub: 'Mes de inicio de la renta.',
  reportMonthsBar: 'Rentas',
  reportMonthsLine: 'Duración promedio (días)',
  reportMonthsDetails: 'Ver datos por mes',
  reportMonthTooltip: (p) => `${p.month}: ${p.rentals}, ${p.days} en promedio, ${p.money}`,
  reportMonthNames: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
  reportTypesTitle: 'Por tipo de vehículo',
  reportTypesSub: 'Vehículos con rentas, rentas y duración promedio por tipo.',
  reportNoType: '(sin tipo)',
  reportVehicles: (p) => `${fmt.count(p.n)} ${p.n === 1 ? 'vehículo' : 'vehículos'}`,
  reportYearsTitle: 'Por año de modelo',
  reportYearsSub: 'Del modelo más reciente al más antiguo.',
  reportFooter: (p) =>
    `Cifras del almacén completo (tabla ${p.table}) después de cargar este lote. Promedios ponderados por renta. Generado por rentas-pipeline.`,
};
