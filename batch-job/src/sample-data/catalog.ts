/**
 * Hand-kept Mexican reference data. Faker's es_MX locale has names and streets, but its
 * cities, states and postcodes are drawn independently of each other ("Iguala, Baja
 * California Norte"), and it knows nothing of rental fleets, so those live here.
 */

export interface City {
  readonly name: string;
  /** How branch names call the city, when not by its full name. */
  readonly short?: string;
  readonly state: string;
  /** Long-distance area code: 2 digits for the three metropolises, 3 elsewhere. */
  readonly lada: string;
  /** Range of the city's five-digit postcodes. */
  readonly zip: readonly [number, number];
  /** Relative rental demand: airports of tourist and business hubs lead. */
  readonly weight: number;
}

/** Ordered by demand: the first cities get the first (airport) branches. */
export const CITIES: readonly City[] = [
  { name: 'Ciudad de México', short: 'CDMX', state: 'CDMX', lada: '55', zip: [1000, 16999], weight: 10 },
  { name: 'Cancún', state: 'Quintana Roo', lada: '998', zip: [77500, 77599], weight: 9 },
  { name: 'Guadalajara', state: 'Jalisco', lada: '33', zip: [44100, 45999], weight: 7 },
  { name: 'Monterrey', state: 'Nuevo León', lada: '81', zip: [64000, 67999], weight: 7 },
  { name: 'Tijuana', state: 'Baja California', lada: '664', zip: [22000, 22699], weight: 5 },
  { name: 'Puebla', state: 'Puebla', lada: '222', zip: [72000, 72999], weight: 4 },
  { name: 'Querétaro', state: 'Querétaro', lada: '442', zip: [76000, 76249], weight: 4 },
  { name: 'Mérida', state: 'Yucatán', lada: '999', zip: [97000, 97399], weight: 4 },
  { name: 'Los Cabos', state: 'Baja California Sur', lada: '624', zip: [23400, 23479], weight: 4 },
  { name: 'Puerto Vallarta', state: 'Jalisco', lada: '322', zip: [48280, 48399], weight: 4 },
  { name: 'León', state: 'Guanajuato', lada: '477', zip: [37000, 37699], weight: 3 },
  { name: 'Oaxaca', state: 'Oaxaca', lada: '951', zip: [68000, 68299], weight: 3 },
  { name: 'Tulum', state: 'Quintana Roo', lada: '984', zip: [77760, 77780], weight: 3 },
  { name: 'San Luis Potosí', state: 'San Luis Potosí', lada: '444', zip: [78000, 78399], weight: 2 },
  { name: 'Aguascalientes', state: 'Aguascalientes', lada: '449', zip: [20000, 20399], weight: 2 },
  { name: 'Chihuahua', state: 'Chihuahua', lada: '614', zip: [31000, 31499], weight: 2 },
  { name: 'Ciudad Juárez', state: 'Chihuahua', lada: '656', zip: [32000, 32699], weight: 2 },
  { name: 'Hermosillo', state: 'Sonora', lada: '662', zip: [83000, 83299], weight: 2 },
  { name: 'Culiacán', state: 'Sinaloa', lada: '667', zip: [80000, 80399], weight: 2 },
  { name: 'Mazatlán', state: 'Sinaloa', lada: '669', zip: [82000, 82199], weight: 2 },
  { name: 'Acapulco', state: 'Guerrero', lada: '744', zip: [39300, 39899], weight: 2 },
  { name: 'Veracruz', state: 'Veracruz', lada: '229', zip: [91700, 91999], weight: 2 },
  { name: 'Villahermosa', state: 'Tabasco', lada: '993', zip: [86000, 86299], weight: 2 },
  { name: 'Tuxtla Gutiérrez', state: 'Chiapas', lada: '961', zip: [29000, 29099], weight: 1.5 },
  { name: 'Morelia', state: 'Michoacán', lada: '443', zip: [58000, 58349], weight: 1.5 },
  { name: 'Toluca', state: 'Estado de México', lada: '722', zip: [50000, 50299], weight: 1.5 },
  { name: 'Cuernavaca', state: 'Morelos', lada: '777', zip: [62000, 62599], weight: 1.5 },
  { name: 'Saltillo', state: 'Coahuila', lada: '844', zip: [25000, 25299], weight: 1.5 },
  { name: 'Torreón', state: 'Coahuila', lada: '871', zip: [27000, 27299], weight: 1.5 },
  { name: 'La Paz', state: 'Baja California Sur', lada: '612', zip: [23000, 23099], weight: 1 },
  { name: 'Tampico', state: 'Tamaulipas', lada: '833', zip: [89000, 89349], weight: 1 },
  { name: 'Durango', state: 'Durango', lada: '618', zip: [34000, 34299], weight: 1 },
  { name: 'Zacatecas', state: 'Zacatecas', lada: '492', zip: [98000, 98099], weight: 1 },
];

export interface BranchKind {
  readonly suffix: string;
  readonly weight: number;
  readonly hours: readonly string[];
}

/** Branch kinds, in the order cities receive them; some hours hold a comma on purpose. */
export const BRANCH_KINDS: readonly BranchKind[] = [
  { suffix: 'Aeropuerto', weight: 2, hours: ['Lun-Dom 00:00-23:59', 'Lun-Dom 06:00-23:00', 'Lun-Dom 05:30-23:30'] },
  {
    suffix: 'Centro',
    weight: 1.2,
    hours: ['Lun-Dom 07:00-22:00', 'Lun-Sáb 08:00-20:00, Dom 09:00-15:00', 'Lun-Vie 08:00-19:00, Sáb-Dom 09:00-14:00'],
  },
  { suffix: 'Norte', weight: 0.8, hours: ['Lun-Sáb 08:00-20:00', 'Lun-Vie 08:00-19:00, Sáb 09:00-14:00'] },
  { suffix: 'Sur', weight: 0.8, hours: ['Lun-Sáb 08:00-20:00', 'Lun-Dom 08:00-21:00'] },
  { suffix: 'Terminal de Autobuses', weight: 0.7, hours: ['Lun-Dom 07:00-22:00', 'Lun-Dom 06:00-23:00'] },
  { suffix: 'Poniente', weight: 0.6, hours: ['Lun-Vie 09:00-19:00, Sáb 09:00-14:00', 'Lun-Sáb 08:00-20:00'] },
  { suffix: 'Oriente', weight: 0.6, hours: ['Lun-Vie 09:00-19:00, Sáb 09:00-14:00', 'Lun-Sáb 08:00-20:00'] },
];

export const VEHICLE_TYPES = ['Compacto', 'Sedán', 'SUV', 'Pickup', 'Van', 'Lujo'] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];

export interface VehicleClass {
  readonly type: VehicleType;
  /** Share of the fleet. */
  readonly weight: number;
  /** Daily rate in MXN before noise. */
  readonly dailyRate: number;
  /** How much more often than average a vehicle of this class is asked for. */
  readonly demand: number;
  readonly models: readonly { readonly marca: string; readonly modelo: string; readonly seats: readonly number[] }[];
}

export const FLEET: readonly VehicleClass[] = [
  {
    type: 'Compacto',
    weight: 30,
    dailyRate: 650,
    demand: 1.4,
    models: [
      { marca: 'Nissan', modelo: 'March', seats: [5] },
      { marca: 'Chevrolet', modelo: 'Aveo', seats: [5] },
      { marca: 'Kia', modelo: 'Rio', seats: [5] },
      { marca: 'Volkswagen', modelo: 'Vento', seats: [5] },
      { marca: 'Hyundai', modelo: 'Grand i10', seats: [5] },
      { marca: 'Suzuki', modelo: 'Swift', seats: [5] },
      { marca: 'Chevrolet', modelo: 'Beat', seats: [4, 5] },
    ],
  },
  {
    type: 'Sedán',
    weight: 28,
    dailyRate: 850,
    demand: 1.2,
    models: [
      { marca: 'Nissan', modelo: 'Versa', seats: [5] },
      { marca: 'Nissan', modelo: 'Sentra', seats: [5] },
      { marca: 'Volkswagen', modelo: 'Jetta', seats: [5] },
      { marca: 'Toyota', modelo: 'Corolla', seats: [5] },
      { marca: 'Honda', modelo: 'City', seats: [5] },
      { marca: 'Mazda', modelo: 'Mazda 3', seats: [5] },
      { marca: 'Kia', modelo: 'Forte', seats: [5] },
    ],
  },
  {
    type: 'SUV',
    weight: 22,
    dailyRate: 1300,
    demand: 1,
    models: [
      { marca: 'Toyota', modelo: 'RAV4', seats: [5] },
      { marca: 'Honda', modelo: 'CR-V', seats: [5] },
      { marca: 'Jeep', modelo: 'Compass', seats: [5] },
      { marca: 'Nissan', modelo: 'Kicks', seats: [5] },
      { marca: 'Nissan', modelo: 'X-Trail', seats: [5, 7] },
      { marca: 'Mazda', modelo: 'CX-5', seats: [5] },
      { marca: 'Kia', modelo: 'Sportage', seats: [5] },
    ],
  },
  {
    type: 'Pickup',
    weight: 8,
    dailyRate: 1200,
    demand: 0.6,
    models: [
      { marca: 'Ford', modelo: 'Ranger', seats: [2, 5] },
      { marca: 'Toyota', modelo: 'Hilux', seats: [2, 5] },
      { marca: 'Nissan', modelo: 'NP300 Frontier', seats: [2, 5] },
      { marca: 'Chevrolet', modelo: 'S10', seats: [5] },
    ],
  },
  {
    type: 'Van',
    weight: 6,
    dailyRate: 2200,
    demand: 0.4,
    models: [
      { marca: 'Toyota', modelo: 'Hiace', seats: [12, 13, 15] },
      { marca: 'Nissan', modelo: 'Urvan', seats: [12, 15] },
      { marca: 'Ford', modelo: 'Transit', seats: [12, 14, 15] },
      { marca: 'Mercedes-Benz', modelo: 'Sprinter', seats: [14, 15] },
    ],
  },
  {
    type: 'Lujo',
    weight: 6,
    dailyRate: 3200,
    demand: 0.35,
    models: [
      { marca: 'BMW', modelo: 'X1', seats: [5] },
      { marca: 'BMW', modelo: 'Serie 3', seats: [5] },
      { marca: 'Mercedes-Benz', modelo: 'Clase C', seats: [5] },
      { marca: 'Audi', modelo: 'A4', seats: [5] },
      { marca: 'Volvo', modelo: 'XC60', seats: [5] },
    ],
  },
];

/** Rental fleets are mostly white and silver; bright colours are rare. */
export const COLORS = [
  { value: 'Blanco', weight: 30 },
  { value: 'Gris Plata', weight: 18 },
  { value: 'Negro', weight: 12 },
  { value: 'Gris Oxford', weight: 10 },
  { value: 'Rojo', weight: 8 },
  { value: 'Azul', weight: 7 },
  { value: 'Azul Marino', weight: 4 },
  { value: 'Beige', weight: 3 },
  { value: 'Vino', weight: 3 },
  { value: 'Café', weight: 2 },
  { value: 'Verde', weight: 2 },
  { value: 'Naranja', weight: 1 },
] as const;

export const ESTADOS = [
  { value: 'Disponible', weight: 62 },
  { value: 'Rentado', weight: 25 },
  { value: 'En mantenimiento', weight: 9 },
  { value: 'Fuera de servicio', weight: 4 },
] as const;

/**
 * Model years on the fleet: mid-aged cars dominate. Few 2024-2026 models, because a
 * model year only joins the fleet from the July before it; a steeper curve would leave
 * 2023 short of cars for its high season.
 */
export const MODEL_YEARS = [
  [2012, 2], [2013, 2], [2014, 3], [2015, 3], [2016, 4], [2017, 4], [2018, 5], [2019, 5],
  [2020, 6], [2021, 6], [2022, 7], [2023, 7], [2024, 6], [2025, 5], [2026, 3],
].map(([value, weight]) => ({ value, weight }));

/** Neighbourhoods common to most Mexican cities, so any city can take any of them. */
export const COLONIAS = [
  'Centro', 'Del Valle', 'Roma Norte', 'Condesa', 'Juárez', 'Moderna', 'Obrera', 'Industrial',
  'Reforma', 'Jardines del Bosque', 'Las Águilas', 'San Miguel', 'Santa María', 'San José',
  'Lomas Verdes', 'Bosques de las Lomas', 'Residencial del Parque', 'Valle Dorado', 'Las Américas',
  'Independencia', 'Revolución', 'Benito Juárez', 'Emiliano Zapata', 'Guadalupe', 'La Joya',
  'El Mirador', 'Los Pinos', 'Jardines de San Manuel', 'Villa de las Flores', 'Hacienda del Valle',
  'Lomas de Chapultepec', 'Nápoles', 'Narvarte', 'Polanco', 'Coyoacán', 'Satélite', 'Cumbres',
  'Providencia', 'Chapalita', 'Zona Hotelera',
];

export const EMAIL_DOMAINS = [
  { value: 'gmail.com', weight: 45 },
  { value: 'hotmail.com', weight: 20 },
  { value: 'outlook.com', weight: 12 },
  { value: 'yahoo.com.mx', weight: 8 },
  { value: 'live.com.mx', weight: 4 },
  { value: 'icloud.com', weight: 4 },
  { value: 'prodigy.net.mx', weight: 3 },
  { value: 'empresa.com.mx', weight: 4 },
] as const;
